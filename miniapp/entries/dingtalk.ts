// DingTalk bundle: app + dingtalk-jsapi bridge.
import '../lib/polyfills';
import { createDingTalkPlatform } from '../platform/dingtalk';
import { startApp } from '../app/start';

startApp(createDingTalkPlatform);
