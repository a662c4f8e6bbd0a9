// Browser bundle: app + local demo login and HTML dialogs.
import '../lib/polyfills';
import { createBrowserPlatform } from '../platform/browser';
import { htmlUi } from '../platform/browserUi';
import { startApp } from '../app/start';

startApp((config) => createBrowserPlatform(config, htmlUi));
