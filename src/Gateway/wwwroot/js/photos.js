// 现场照片 (src/docs/lifecycle.md, "Photos"): attached with POST /api/cases/{id}/photos, the image
// as the body; shown from blob URLs, since fetching them needs the token.
import { fileUrl, newKey, upload } from './api.js';
import { h, notice } from './dom.js';

export const accepted = 'image/jpeg,image/png,image/webp';
const waitForCase = 30;

/**
 * Attaches each file, one key per file. A call logged a moment ago reaches the cases service within
 * a second or two: with `justLogged`, a 404 is waited out.
 */
export async function attachPhotos(caseId, files, justLogged = false) {
  for (const file of files) {
    const key = newKey();
    for (let tries = 0; ; tries += 1) {
      try {
        await upload(`/api/cases/${caseId}/photos`, file, key);
        break;
      } catch (error) {
        if (!justLogged || error.status !== 404 || tries >= waitForCase) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }
}

/** A file input that previews what was chosen; `files()` is the choice. */
export function photoInput() {
  const preview = h('div', { class: 'photo-preview' });
  const input = h('input', {
    type: 'file',
    name: 'photos',
    accept: accepted,
    multiple: true,
    capture: 'environment',
    onchange: () => preview.replaceChildren(...Array.from(input.files, (file) => h('img', { src: URL.createObjectURL(file), alt: file.name }))),
  });
  return { input, preview, files: () => Array.from(input.files) };
}

/** The case's photos, and a form to attach more while the case is still open to them. */
export function photoCard(found, reload) {
  const gallery = h('div', { class: 'photo-preview', 'data-testid': 'photos' },
    found.photos.length === 0 ? h('p', { class: 'hint' }, '暂无照片。') : null);
  for (const photoId of found.photos) {
    const image = h('img', { alt: '现场照片' });
    gallery.append(image);
    fileUrl(`/api/cases/${found.id}/photos/${photoId}`).then((url) => { image.src = url; }, () => { image.alt = '照片加载失败'; });
  }
  const open = !['closed', 'merged'].includes(found.status);
  const chosen = photoInput();
  const message = h('div');
  const form = h('form', {
    class: 'photo-upload',
    onsubmit: async (event) => {
      event.preventDefault();
      if (chosen.files().length === 0) return;
      try {
        await attachPhotos(found.id, chosen.files());
        reload('照片已上传。');
      } catch (error) {
        message.replaceChildren(notice('error', error.message));
      }
    },
  }, h('label', {}, '添加照片（JPEG、PNG 或 WebP，每张 5 MB 以内）', chosen.input), chosen.preview, message, h('button', { type: 'submit' }, '上传照片'));
  return h('section', { class: 'card' }, h('h2', {}, '现场照片'), gallery, open ? form : null);
}
