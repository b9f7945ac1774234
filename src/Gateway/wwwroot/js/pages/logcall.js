// 登记呼声: a grid worker logs a resident's call (POST /api/calls), then gets the tracking number.
import { newKey, post } from '../api.js';
import { field, h, notice, select, showFormError } from '../dom.js';
import { areaPicker } from '../areapicker.js';
import { findArea, nameOf, reference } from '../reference.js';
import { current } from '../session.js';
import { channels, urgencies } from '../words.js';
import { target, time } from '../format.js';
import { attachPhotos, photoInput } from '../photos.js';

export async function logCallPage(draw) {
  const ref = await reference();
  const session = current();
  const home = findArea(ref.areas, session.unit);
  if (!home) {
    draw(notice('error', '您的单位不是辖区内的网格、社区或街道，不能登记呼声。'));
    return;
  }
  draw(form(ref, home, draw));
}

function form(ref, home, draw) {
  const item = itemPicker(ref);
  const place = areaPicker(home, 'grid');
  const description = h('textarea', { name: 'description', rows: 4, placeholder: '居民反映的具体问题、位置和现场情况' });
  const channel = select({ name: 'channel' }, Object.entries(channels), 'walk-in');
  const name = h('input', { name: 'resident.name', autocomplete: 'off' });
  const phone = h('input', { name: 'resident.phone', type: 'tel', inputmode: 'tel', autocomplete: 'off' });
  const address = h('input', { name: 'resident.address', autocomplete: 'off' });
  const photo = photoInput();
  const message = h('div');
  // One key per call being logged: a retry after a lost answer gets the first answer, not a second case.
  let key = newKey();

  const element = h('form', {
    class: 'card',
    oninput: () => { key = newKey(); },
    onsubmit: async (event) => {
      event.preventDefault();
      const button = element.querySelector('button[type=submit]');
      button.disabled = true;
      const resident = { name: name.value.trim() || null, phone: phone.value.trim() || null, address: address.value.trim() || null };
      try {
        const { data } = await post('/api/calls', {
          itemCode: item.value() || null,
          gridCode: place.value() || null,
          description: description.value.trim() || null,
          channel: channel.value,
          resident: resident.name || resident.phone || resident.address ? resident : null,
        }, { 'Idempotency-Key': key });
        const photos = photo.files();
        const attaching = h('div', { 'data-testid': 'photo-status' }, photos.length ? notice('info', `正在上传 ${photos.length} 张照片…`) : null);
        draw(logged(data, attaching));
        if (photos.length) {
          attachPhotos(data.caseId, photos, true).then(
            () => attaching.replaceChildren(notice('ok', `已上传 ${photos.length} 张照片。`)),
            (error) => attaching.replaceChildren(notice('error', `照片未能上传：${error.message} 可在案件页面重新上传。`)));
        }
      } catch (error) {
        showFormError(element, error, message);
        button.disabled = false;
      }
    },
  },
  h('h1', {}, '登记呼声'),
  item.element,
  h('div', { class: 'field', 'data-field': 'gridCode' }, h('span', { class: 'label' }, '地点'), place.element, h('small', { class: 'field-error' })),
  field('问题描述', description),
  field('反映渠道', channel),
  h('fieldset', {}, h('legend', {}, '居民联系方式（可选，仅用于回访，按个人信息保护要求遮蔽显示）'),
    field('姓名', name), field('电话', phone), field('地址', address)),
  h('div', { class: 'field' }, h('label', {}, '现场照片（可选，请勿拍摄人脸）', photo.input), photo.preview),
  message,
  h('button', { type: 'submit', class: 'primary' }, '提交登记'));
  return element;
}

/** Category, a search over item names and examples, and the matching items. */
function itemPicker(ref) {
  const category = select({ 'aria-label': '类别' }, [['', '全部类别'], ...ref.catalogue.categories.map((c) => [c.code, c.name])]);
  const search = h('input', { type: 'search', 'aria-label': '搜索事项', placeholder: '搜索事项名称或举例，如：水管、垃圾' });
  const list = h('select', { name: 'itemCode', size: 6, class: 'item-list' });
  const about = h('p', { class: 'hint item-about' });

  function filter() {
    const words = search.value.trim().toLowerCase();
    const chosen = list.value;
    const options = [];
    for (const c of ref.catalogue.categories) {
      if (category.value && c.code !== category.value) continue;
      for (const i of c.items) {
        if (words && !`${i.name} ${i.description} ${i.code} ${c.name}`.toLowerCase().includes(words)) continue;
        options.push(h('option', { value: i.code, selected: i.code === chosen }, `${i.name}（${c.name}）`));
      }
    }
    list.replaceChildren(...(options.length ? options : [h('option', { value: '', disabled: true }, '没有匹配的事项')]));
    describe();
  }

  function describe() {
    const found = ref.items.get(list.value);
    about.textContent = found
      ? `${found.item.description} 牵头部门：${nameOf(ref, found.item.leadDepartment)}；${urgencies[found.item.urgency] ?? found.item.urgency}；认领时限 ${target(found.item.responseTarget)}，办结时限 ${target(found.item.resolutionTarget)}。`
      : '';
  }

  category.addEventListener('change', filter);
  search.addEventListener('input', filter);
  list.addEventListener('change', describe);
  filter();
  return {
    element: h('div', { class: 'field', 'data-field': 'itemCode' },
      h('span', { class: 'label' }, '呼应事项'), h('div', { class: 'row' }, category, search), list, about, h('small', { class: 'field-error' })),
    value: () => list.value,
  };
}

function logged(data, attaching) {
  return h('section', { class: 'card narrow', 'data-testid': 'logged' },
    h('h1', {}, '已登记'),
    notice('ok', '呼声已登记，系统将在几秒内自动派单。'),
    attaching,
    h('p', {}, '受理编号：', h('strong', { class: 'tracking', 'data-testid': 'tracking-number' }, data.trackingNumber)),
    h('p', {}, h('a', { href: `#/cases/${data.caseId}`, class: 'button primary', 'data-testid': 'case-link' }, '查看案件进展')),
    h('p', {}, h('a', { href: '#/log', onclick: () => { if (location.hash === '#/log') window.dispatchEvent(new HashChangeEvent('hashchange')); } }, '再登记一件')),
    h('p', { class: 'hint' }, `登记时间 ${time(data.loggedAt)}`));
}
