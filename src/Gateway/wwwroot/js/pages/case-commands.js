// The commands of the case page (src/docs/lifecycle.md), each offered only when the API says the
// signed-in person may give it now (the case's allowedCommands): the API decides in every case, and the
// page never keeps its own copy of who may do what. Every command sends the ETag of the version shown
// (If-Match) and keeps one Idempotency-Key across retries of that button or form.
import { command, get, invalid, newKey, post } from '../api.js';
import { field, h, notice, select, showFormError } from '../dom.js';
import { fromChinaTime, time } from '../format.js';
import { routeForm } from '../routeform.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The 办理 card: the commands the signed-in person may give now, or null when there are none. */
export function commands(ref, found, etag, history, reload) {
  const may = new Set(found.allowedCommands);
  const atDesk = found.assignment?.level === 'triage-desk';
  const message = h('div', { class: 'action-message' });
  const act = { found, etag, message, reload };

  const list = [];
  if (may.has('claim')) list.push(button(act, 'claim', '认领', '认领'));
  if (may.has('progress')) list.push(textForm(act, 'progress', '办理进展', '记录进展', 'note', '进展说明'));
  if (may.has('resolve')) list.push(textForm(act, 'resolve', '办结', '办结', 'summary', '办结情况'));
  if (may.has('request-assistance')) list.push(assistanceForm(ref, act));
  if (may.has('request-extension')) list.push(extensionForm(act));
  if (may.has('return')) list.push(returnForm(ref, act));
  if (may.has('reject-return')) list.push(textForm(act, 'reject-return', '驳回退单', '驳回退单', 'note', '驳回理由'));
  if (may.has('escalate')) list.push(textForm(act, 'escalate', '上报', '上报', 'reason', '上报理由'));
  if (may.has('approve-extension')) {
    list.push(textForm(act, 'approve-extension', '同意延期', '同意延期', 'note', '审批意见（可不填）'));
  }
  if (may.has('deny-extension')) {
    list.push(textForm(act, 'deny-extension', '不同意延期', '驳回延期申请', 'reason', '不同意的理由'));
  }
  // 挂起: the unit asks, a supervisor decides, and the unit or a supervisor resumes the clocks.
  if (may.has('request-pause')) list.push(pauseForm(ref, act));
  if (may.has('approve-pause')) list.push(textForm(act, 'approve-pause', '同意挂起', '同意挂起', 'note', '审批意见（可不填）'));
  if (may.has('deny-pause')) list.push(textForm(act, 'deny-pause', '不同意挂起', '驳回挂起申请', 'note', '不同意的理由'));
  if (may.has('resume')) list.push(textForm(act, 'resume', '恢复计时', '恢复计时', 'note', '说明（可不填）'));
  // 催办: supervisors press the unit that holds the case; the case stays where it is.
  if (may.has('urge')) list.push(textForm(act, 'urge', '催办', '催办', 'note', '催办要求（如：今日内到场处置并回复）'));
  if (may.has('route')) list.push(routeAction(ref, act, 'route', '人工派单', '派单'));
  if (may.has('fix-assignment')) list.push(routeAction(ref, act, 'fix-assignment', '定派', '定派'));
  // At a triage desk 人工派单 does what 改派 would: one button is enough.
  if (may.has('reassign') && !atDesk) list.push(routeAction(ref, act, 'reassign', '改派', '改派'));
  if (may.has('whistle')) list.push(whistleForm(ref, act));
  if (may.has('report')) list.push(button(act, 'report', '报到', '报到'));
  if (may.has('feedback')) list.push(feedbackForm(ref, act), feedbackLink(act));
  if (may.has('appeal')) list.push(appealForm(ref, act));
  if (may.has('approve-appeal')) list.push(textForm(act, 'approve-appeal', '同意核减', '同意核减', 'note', '审核意见'));
  if (may.has('reject-appeal')) list.push(textForm(act, 'reject-appeal', '驳回核减', '驳回核减申请', 'note', '驳回理由'));
  if (may.has('close')) list.push(button(act, 'close', '结案', '结案'));
  // Not while open: the page redraws every 1.5 s until routing answers, which would wipe the form.
  if (may.has('merge') && found.status !== 'open') list.push(mergeForm(act));
  if (list.length === 0) return null;
  return h('section', { class: 'card actions' }, h('h2', {}, '办理'),
    found.requestedResolveBy ? pendingExtension(found, history) : null,
    found.pendingReturn ? pendingReturn(ref, found) : null,
    found.pendingAppeal ? pendingAppeal(ref, found) : null,
    found.pendingPause ? pendingPause(ref, found) : null,
    found.pausedSince ? activePause(ref, found) : null,
    h('div', { class: 'action-row' }, list), message,
    h('button', { type: 'button', class: 'link', onclick: () => reload(null) }, '刷新'));
}

// The supervisor decides on what was asked: the time and the reason from the latest request.
function pendingExtension(found, history) {
  const reason = history.findLast((entry) => entry.event === 'extension_requested')?.data?.reason;
  return notice('info', `延期申请待审批：申请办结时限延至 ${time(found.requestedResolveBy)}${reason ? `，理由：${reason}` : ''}`);
}

// The desk accepts a return by routing the case anew, or rejects it back to the unit.
function pendingReturn(ref, found) {
  const { from, reasonCode, note } = found.pendingReturn;
  const reason = nameIn(ref.codes.returnReasons, reasonCode);
  return notice('info', `退单待审核：${from.unitName}（${from.unitCode}）退回，理由：${reason ? `${reason}，` : ''}${note}。`
    + '同意请重新派单，不同意请驳回退单。');
}

function pendingAppeal(ref, found) {
  const { unitCode, ground, evidence } = found.pendingAppeal;
  return notice('info', `核减申请待审核：${unitCode} 以「${nameIn(ref.codes.appealGrounds, ground) ?? ground}」申请本案不计入考核。${evidence}`);
}

function pendingPause(ref, found) {
  const { unitCode, reasonCode, note, resumeBy } = found.pendingPause;
  return notice('info', `挂起申请待审批：${unitCode} 以「${nameIn(ref.codes.pauseReasons, reasonCode) ?? reasonCode}」`
    + `申请暂停计时，预计 ${time(resumeBy)} 恢复。${note}`);
}

// A pause lasts until someone resumes it: past the expected time it is shown as overdue (and is on the board).
function activePause(ref, found) {
  const reason = nameIn(ref.codes.pauseReasons, found.pauseReasonCode) ?? found.pauseReasonCode;
  const late = new Date(found.resumeBy) < new Date();
  return notice(late ? 'error' : 'info', `挂起中（${reason}）：自 ${time(found.pausedSince)} 起暂停计时，`
    + `预计 ${time(found.resumeBy)} 恢复${late ? '，已逾期未恢复' : ''}。恢复后各时限顺延挂起时长。`);
}

// 挂起申请: a coded reason from the API's list, what the unit waits for, and when it expects to act again.
function pauseForm(ref, act) {
  const code = select({ name: 'reasonCode' }, [['', '请选择挂起事由'], ...pairs(ref.codes.pauseReasons)]);
  const note = h('textarea', { name: 'note', rows: 2 });
  const resumeBy = h('input', { type: 'datetime-local', name: 'resumeBy' });
  return commandForm(act, 'request-pause', '申请挂起', '申请挂起',
    [field('挂起事由', code), field('说明', note), field('预计恢复（北京时间）', resumeBy, '最晚为 30 天后；督办审批后暂停计时')],
    () => ({ reasonCode: code.value || null, note: trimmed(note), resumeBy: fromChinaTime(resumeBy.value) }));
}

// 核减申请: the unit asks that the case leave its assessment; a supervisor decides.
function appealForm(ref, act) {
  const ground = select({ name: 'ground' }, [['', '请选择核减事由'], ...pairs(ref.codes.appealGrounds)]);
  const evidence = h('textarea', { name: 'evidence', rows: 3 });
  return commandForm(act, 'appeal', '核减申请', '提交核减申请',
    [field('核减事由', ground), field('证据与说明', evidence, '可先上传现场照片作为佐证')],
    () => ({ ground: ground.value || null, evidence: trimmed(evidence) }));
}

function returnForm(ref, act) {
  const code = select({ name: 'reasonCode' }, [['', '请选择退单理由'], ...pairs(ref.codes.returnReasons)]);
  const note = h('textarea', { name: 'reason', rows: 3 });
  return commandForm(act, 'return', '退回', '退回',
    [field('退单理由', code, '须在派单后的退单时限内、认领前退回；分拨台审核'), field('说明', note)],
    () => ({ reasonCode: code.value || null, reason: trimmed(note) }));
}

function button(act, name, label, verb) {
  return commandButton(act.found.id, name, act.etag, label, act.message, () => { act.reload(`已${verb}。`); });
}

/**
 * A command without a body, given with one click (the case page's and the liaison queue's): one
 * Idempotency-Key for its retries, disabled while it runs, and on failure enabled again with the
 * reason in `message`. done() runs once the API has accepted it.
 */
export function commandButton(caseId, name, etag, label, message, done) {
  const key = newKey();
  const element = h('button', {
    type: 'button',
    class: 'primary',
    onclick: async () => {
      element.disabled = true;
      try {
        await command(caseId, name, {}, etag, key);
        await done();
      } catch (error) {
        message.replaceChildren(notice('error', error.message));
        element.disabled = false;
      }
    },
  }, label);
  return element;
}

/**
 * A command as a small form that opens from its name: body() reads the controls (async, and may throw
 * an ApiError of its own). novalidate: the API's messages, in Chinese under each field, are the ones shown.
 */
function commandForm(act, name, label, verb, controls, body) {
  const key = newKey();
  const form = h('form', {
    novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      try {
        await command(act.found.id, name, await body(), act.etag, key);
        act.reload(`已${verb}。`);
      } catch (error) {
        showFormError(form, error, act.message);
      }
    },
  }, controls, h('button', { type: 'submit', class: 'primary' }, `确认${label}`));
  return h('details', { class: 'action', 'data-command': name }, h('summary', {}, label), form);
}

function textForm(act, name, label, verb, fieldName, fieldLabel) {
  const text = h('textarea', { name: fieldName, rows: 3 });
  return commandForm(act, name, label, verb, field(fieldLabel, text), () => ({ [fieldName]: trimmed(text) }));
}

function feedbackForm(ref, act) {
  const comment = h('textarea', { name: 'comment', rows: 2 });
  const satisfaction = select({ name: 'satisfaction' }, [['', '请选择'],
    ...pairs(ref.codes.satisfactionLevels).map(([code, name]) => [code, code === 'dissatisfied' ? `${name}（重新办理）` : name])]);
  const resolved = select({ name: 'resolved' }, [['', '请选择'], ['true', '已解决'], ['false', '未解决']]);
  return commandForm(act, 'feedback', '回访', '记录回访',
    [field('居民评价', satisfaction), field('问题是否解决', resolved), field('居民意见', comment)],
    () => ({
      satisfaction: satisfaction.value || null,
      resolved: resolved.value === '' ? null : resolved.value === 'true',
      comment: trimmed(comment),
    }));
}

// 回访员 may send the resident a one-time link instead of calling: made here, copied into an SMS.
function feedbackLink(act) {
  const out = h('div', { class: 'link-out' });
  const make = h('button', {
    type: 'button',
    onclick: async () => {
      make.disabled = true;
      try {
        const { data: link } = await post(`/api/cases/${act.found.id}/feedback-links`, {});
        const url = new URL(link.path, location.href).href;
        out.replaceChildren(notice('info', `评价链接（仅可使用一次，${time(link.expiresAt)} 前有效）：`),
          h('input', { readonly: true, value: url, 'data-testid': 'feedback-link', onfocus: (e) => e.target.select() }));
      } catch (error) {
        out.replaceChildren(notice('error', error.message));
      } finally {
        make.disabled = false;
      }
    },
  }, '生成居民评价链接');
  return h('div', { class: 'action' }, make, out);
}

function assistanceForm(ref, act) {
  const department = select({ name: 'department' }, [['', '请选择部门'], ...otherDepartments(ref, act.found)]);
  const note = h('textarea', { name: 'note', rows: 2 });
  return commandForm(act, 'request-assistance', '协办', '请求协办', [field('协办部门', department), field('请协办的事项', note)],
    () => ({ department: department.value || null, note: trimmed(note) }));
}

function extensionForm(act) {
  const resolveBy = h('input', { type: 'datetime-local', name: 'resolveBy' });
  const reason = h('textarea', { name: 'reason', rows: 2 });
  return commandForm(act, 'request-extension', '申请延期', '申请延期',
    [field('延至（北京时间）', resolveBy, '新的办结时限，最晚为 90 天后'), field('延期理由', reason)],
    () => ({ resolveBy: fromChinaTime(resolveBy.value), reason: trimmed(reason) }));
}

function whistleForm(ref, act) {
  const departments = h('fieldset', { class: 'field checks', 'data-field': 'departments' }, h('legend', {}, '召集部门'),
    otherDepartments(ref, act.found).map(([code, name]) => h('label', {}, h('input', { type: 'checkbox', value: code }), name)),
    h('small', { class: 'field-error' }));
  const minutes = h('input', { type: 'number', name: 'reportWithinMinutes', value: 60, inputmode: 'numeric' });
  const reason = h('textarea', { name: 'reason', rows: 2 });
  return commandForm(act, 'whistle', '街道吹哨', '吹哨', [departments, field('报到时限（分钟）', minutes, '1 至 10080 分钟（7 天）'), field('吹哨理由', reason)],
    () => ({
      departments: Array.from(departments.querySelectorAll('input:checked'), (box) => box.value),
      reportWithinMinutes: minutes.value ? Number(minutes.value) : null,
      reason: trimmed(reason),
    }));
}

function mergeForm(act) {
  const into = h('input', { name: 'into', maxlength: 40, autocomplete: 'off', placeholder: 'LW-20260101-000001' });
  const reason = h('textarea', { name: 'reason', rows: 2 });
  return commandForm(act, 'merge', '合并', '合并',
    [field('合并到（保留的案件编号）', into, '本案件将并入该案件并停止办理'), field('合并理由', reason)],
    async () => ({ into: await caseIdOf(into.value.trim()), reason: trimmed(reason) }));
}

function routeAction(ref, act, name, label, verb) {
  return h('details', { class: 'action', 'data-command': name }, h('summary', {}, label),
    routeForm(ref, act.found, act.etag, () => act.reload(`已${verb}。`), name));
}

// merge takes the survivor's id; people know its tracking number, so that is looked up first.
async function caseIdOf(text) {
  if (!text || uuid.test(text)) return text || null;
  const { cases } = await get(`/api/cases?q=${encodeURIComponent(text)}&limit=5`);
  const survivor = cases.find((other) => other.trackingNumber === text);
  if (!survivor) throw invalid({ into: ['未找到这个编号的案件，或您不负责调度该案件'] });
  return survivor.id;
}

// Departments not on the case yet (assigned, assisting or summoned), for 协办 and 吹哨.
function otherDepartments(ref, found) {
  const onCase = [found.assignment?.unitCode, ...found.assistingDepartments, ...found.summonedDepartments];
  return ref.catalogue.departments.filter((d) => !onCase.includes(d.code)).map((d) => [d.code, d.name]);
}

// The API's coded answers ([{code, name}]) as select options, and one code's name.
function pairs(codes) {
  return codes.map(({ code, name }) => [code, name]);
}

function nameIn(codes, code) {
  return codes.find((known) => known.code === code)?.name;
}

function trimmed(control) {
  return control.value.trim() || null;
}
