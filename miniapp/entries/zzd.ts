// 浙政钉 bundle: app + gdt-jsapi bridge.
import '../lib/polyfills';
import { createZzdPlatform } from '../platform/zzd';
import { startApp } from '../app/start';

startApp(createZzdPlatform);
