// 办件进度查询: the public page's own bundle (progress.html), no shell, no platform bridge, no login.
// The token is the URL fragment (never sent to a server by the browser).
import { h, render } from 'preact';
import { ProgressPage } from '../public/ProgressPage';

const token = decodeURIComponent(window.location.hash.replace(/^#/, ''));
const root = document.getElementById('progress');
if (root) render(h(ProgressPage, { token }), root);
