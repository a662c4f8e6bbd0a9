import { showConfirm } from '../components/Dialog';
import { showImagePreview } from '../components/ImagePreview';
import { showPicker } from '../components/Picker';
import { showToast } from '../components/Toast';
import type { BrowserUi } from './browser';
import { chooseDemoStaff } from './demoLogin';
import { pickWithInput } from './files';

/** The browser platform's dialogs, drawn with the app's own components. */
export const htmlUi: BrowserUi = {
  chooseStaff: chooseDemoStaff,
  pick: showPicker,
  toast: (message, kind) => showToast(message, kind),
  confirm: showConfirm,
  previewImage: showImagePreview,
  pickFiles: pickWithInput,
  openLink(url) {
    window.open(url, '_blank');
  },
};
