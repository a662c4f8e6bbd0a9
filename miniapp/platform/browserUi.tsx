import { showConfirm } from '../components/Dialog';
import { showImagePreview } from '../components/ImagePreview';
import { showPicker } from '../components/Picker';
import { showToast } from '../components/Toast';
import { roleLabel } from '../lib/roles';
import { departmentOf, districtOf } from '../session';
import type { BrowserUi, DemoStaff } from './browser';
import { pickWithInput } from './files';

function staffSubtitle(s: DemoStaff): string {
  const roles = (s.roles || []).map(roleLabel).join('、');
  return [districtOf(s), departmentOf(s), roles].filter(Boolean).join(' · ');
}

/** The browser platform's dialogs, drawn with the app's own components. */
export const htmlUi: BrowserUi = {
  async chooseStaff(staff) {
    const ids = await showPicker('选择演示账号登录', staff.map((s) => ({ id: s.id, title: s.name, subtitle: staffSubtitle(s) })), false);
    return ids[0] || null;
  },
  pick: showPicker,
  toast: (message, kind) => showToast(message, kind),
  confirm: showConfirm,
  previewImage: showImagePreview,
  pickFiles: pickWithInput,
  openLink(url) {
    window.open(url, '_blank');
  },
};
