// Every call to the REST API: the token, If-Match and Idempotency-Key headers, and problem
// responses (RFC 9457) turned into Chinese a user understands.
import { freshSession } from './oidc.js';
import { fieldHints, fields, statuses } from './words.js';

/** An API call that failed: message is what to show; fields maps a request field to its message. */
export class ApiError extends Error {
  constructor(message, status, fieldMessages = {}) {
    super(message);
    this.status = status;
    this.fields = fieldMessages;
  }
}

/** GET → the JSON body. */
export async function get(path) {
  return (await request('GET', path)).data;
}

/** GET → { data, etag }: the ETag is what a command on the resource sends back in If-Match. */
export function getWithETag(path) {
  return request('GET', path);
}

/** POST a JSON body → { data, etag }. */
export function post(path, body, headers = {}) {
  return request('POST', path, body, headers);
}

/** PUT a JSON body → { data, etag }. */
export function put(path, body) {
  return request('PUT', path, body);
}

/** A case command (src/docs/lifecycle.md) on the version the page shows. */
export function command(caseId, name, body, etag, idempotencyKey) {
  return post(`/api/cases/${caseId}/${name}`, body ?? {}, { 'If-Match': etag, 'Idempotency-Key': idempotencyKey });
}

/** A fresh key for one user action; kept across retries of that action, so it is done at most once. */
export function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** POST a file as the body (a photo), with its own Content-Type; done once per key. */
export function upload(path, file, idempotencyKey) {
  return request('POST', path, file, { 'Idempotency-Key': idempotencyKey });
}

/** A file the API answers, as a URL the page can show or save (the token rides in a header, so a plain link cannot). */
export async function fileUrl(path) {
  return URL.createObjectURL(await (await send('GET', path)).blob());
}

/** Downloads a file the API answers. */
export async function download(path, fileName) {
  const url = await fileUrl(path);
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function request(method, path, body, headers) {
  const response = await send(method, path, body, headers);
  const data = response.status === 204 ? null : await response.json();
  return { data, etag: response.headers.get('ETag') };
}

async function send(method, path, body, extraHeaders = {}) {
  const headers = { Accept: 'application/json', ...extraHeaders };
  const session = await freshSession();
  if (session) headers.Authorization = `Bearer ${session.token}`;
  const file = body instanceof Blob;
  if (file) headers['Content-Type'] = body.type || 'application/octet-stream';
  else if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined || file ? body : JSON.stringify(body) });
  } catch {
    throw new ApiError('无法连接服务器，请检查网络后重试。', 0);
  }
  if (!response.ok) throw await problemOf(response);
  return response;
}

async function problemOf(response) {
  let problem = {};
  try {
    problem = await response.json();
  } catch {
    // not a problem response (e.g. a proxy's error page): the status alone must do
  }
  const title = problem.title ?? '';
  switch (response.status) {
    case 400:
      return invalid(problem.errors ?? {});
    case 401:
      return new ApiError('登录已失效，请重新登录。', 401);
    case 403:
      if (title.includes('grid is outside')) return new ApiError('该网格不在您的辖区内，不能为其登记呼声。', 403);
      if (title.includes('triage desk')) return new ApiError('这不是您所辖的分拨台。', 403);
      return new ApiError('没有权限：这项操作不在您的职责范围内。', 403);
    case 404:
      return new ApiError('未找到：该案件不存在、仍在受理中，或您无权查看。', 404);
    case 409:
      return new ApiError(conflict(title, problem.currentStatus), 409);
    case 412:
      return new ApiError('该案件已被他人更新，请刷新页面后重试。', 412);
    case 428:
      return new ApiError('缺少案件版本信息，请刷新页面后重试。', 428);
    case 413:
      return new ApiError('照片过大，请选择 5 MB 以内的图片。', 413);
    case 415:
      return new ApiError('只能上传 JPEG、PNG 或 WebP 格式的照片。', 415);
    case 422:
      if (title.includes('Idempotency-Key')) return new ApiError(conflict(title), 422);
      return new ApiError('该事项在禁止进入社区事项清单上，不能派给社区。', 422);
    case 503:
      return new ApiError('服务暂时不可用，未保存任何内容，请稍后重试。', 503);
    default:
      return new ApiError(response.status >= 500 ? '服务器出错，请稍后重试。' : `请求未成功（${response.status}）。`, response.status);
  }
}

/** A 400's ApiError from field errors as the API spells them ({ field: [reason, …] }); also for checks made here first. */
export function invalid(errors) {
  const messages = {};
  for (const [name, reasons] of Object.entries(errors)) {
    messages[name] = fieldMessage(name, reasons[0] ?? '');
  }
  const names = Object.keys(messages).map((name) => fields[name] ?? name);
  const message = names.length > 0 ? `提交的内容有误，请检查：${names.join('、')}。` : '提交的内容有误，请检查后重试。';
  return new ApiError(message, 400, messages);
}

// The API's Chinese where it has some ("请选择呼应事项 (the response item is required)."), else ours.
function fieldMessage(name, reason) {
  const chinese = reason.match(/^[\u3400-\u9fff][^(（]*/u);
  if (chinese) return chinese[0].trim();
  return fieldHints[name] ?? `「${fields[name] ?? name}」填写有误`;
}

// currentStatus: the case's state when a command was refused (src/docs/lifecycle.md).
function conflict(title, status) {
  const now = status ? `（案件当前状态：${statuses[status] ?? status}）` : '';
  if (title.includes('Idempotency-Key')) return '这次提交与之前的另一项操作重复，请刷新页面后重试。';
  if (title.includes('triage desk')) return `该案件在分拨台等待派单，须先由街道调度员派单。${now}`;
  if (title.includes('feedback')) return `须先完成居民回访，才能结案。${now}`;
  if (title.includes('No extension')) return `没有待审批的延期申请。${now}`;
  if (title.includes('extension request is pending')) return `已有延期申请在等待督办审批，请等审批后再申请。${now}`;
  if (title.includes('district already')) return `该案件已在区督办台，不能再上报。${now}`;
  if (status) return `该案件当前状态为「${statuses[status] ?? status}」，不能进行此操作，请刷新页面查看最新情况。`;
  return '当前不能进行此操作，请刷新页面查看最新情况。';
}
