/**
 * The tiny script inlined into index.html: picks the app bundle for the container the page runs
 * in, so a 浙政钉 user never downloads dingtalk-jsapi (and vice versa).
 * `__LIANBAN_BUNDLES__` is replaced at build time by the map stem → hashed file name.
 */
import { bundleStem, detectPlatform } from './platform/detect';

declare const __LIANBAN_BUNDLES__: Record<string, string>;

const ua = (navigator as Navigator & { swuserAgent?: string }).swuserAgent || navigator.userAgent;
const file = __LIANBAN_BUNDLES__[bundleStem(detectPlatform(ua))];
const script = document.createElement('script');
script.src = file;
script.setAttribute('data-testid', 'app-bundle');
document.head.appendChild(script);
