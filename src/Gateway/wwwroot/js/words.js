// The API's codes in the words people use (src/docs/lifecycle.md, measures.md, sla.md).

export const roles = {
  'grid-worker': '网格员',
  'community-dispatcher': '社区调度员',
  'street-dispatcher': '街道调度员',
  liaison: '部门联络员',
  supervisor: '督办',
  'feedback-agent': '回访员',
  admin: '系统管理员',
};

export const statuses = {
  open: '受理',
  routed: '待认领',
  claimed: '已认领',
  'in-progress': '办理中',
  resolved: '已办结',
  closed: '已结案',
  merged: '已合并',
};

export const channels = {
  'walk-in': '居民来访',
  phone: '电话',
  'chat-group': '楼宇群',
  patrol: '网格巡查',
};

export const levels = {
  grid: '网格',
  community: '社区',
  street: '街道',
  district: '区督办台',
  department: '职能部门',
  'triage-desk': '分拨台',
};

export const urgencies = { urgent: '紧急', ordinary: '一般' };

export const deadlineKinds = { response: '认领时限', resolution: '办结时限', feedback: '回访时限' };

export const deadlineStates = {
  pending: '计时中',
  warned: '已预警',
  met: '按时完成',
  breached: '已超时',
  cancelled: '已取消',
  extended: '已延期',
  paused: '已挂起（恢复后顺延）',
};

export const stages = { AwaitingClaim: '待认领', Working: '办理中', AwaitingFeedback: '待回访', Done: '已完成' };

export const events = {
  case_opened: '受理',
  case_routed: '派单',
  case_claimed: '认领',
  case_returned: '退回',
  progress_noted: '办理进展',
  assistance_requested: '请求协办',
  case_resolved: '办结',
  feedback_given: '回访',
  case_reopened: '重新办理',
  case_closed: '结案',
  case_reassigned: '改派',
  case_escalated: '上报',
  whistle_blown: '街道吹哨',
  whistle_answered: '部门报到',
  extension_requested: '延期申请',
  extension_approved: '同意延期',
  extension_denied: '不同意延期',
  case_merged: '合并',
  photo_attached: '照片',
  duplicate_merged: '合并重复案件',
  sla_warned: '预警',
  sla_breach_recorded: '超时',
  supervision_ordered: '督办',
  case_urged: '催办',
  pause_requested: '挂起申请',
  case_paused: '同意挂起',
  pause_denied: '不同意挂起',
  case_resumed: '恢复计时',
};

/** A supervision order's (督办单) states (src/docs/lifecycle.md, "Supervision orders"). */
export const supervisionStates = { open: '督办中', met: '已落实', withdrawn: '已撤销（案件已转出）' };

/** The measures of GET /api/measures that are rates, in display order. */
export const rates = {
  responseRate: '响应率',
  onTimeResponseRate: '按时响应率',
  closureRate: '办结率',
  onTimeClosureRate: '按时办结率',
  satisfactionRate: '满意率',
  resolutionRate: '解决率',
  returnRate: '退单率',
  escalationRate: '上报率',
  supervisionRate: '督办率',
  urgeRate: '催办率',
  reopenRate: '重办率',
  pauseRate: '挂起率',
};

/** Request fields as a form names them, for problem responses that name a field. */
export const fields = {
  itemCode: '呼应事项',
  gridCode: '网格',
  description: '问题描述',
  channel: '反映渠道',
  reportedAt: '反映时间',
  'resident.name': '居民姓名',
  'resident.phone': '联系电话',
  'resident.address': '居民地址',
  'Idempotency-Key': '请求编号',
  reason: '理由',
  note: '说明',
  summary: '办结情况',
  level: '派往层级',
  department: '部门',
  assisting: '协办部门',
  departments: '召集部门',
  reportWithinMinutes: '报到时限',
  resolveBy: '延期时间',
  resumeBy: '预计恢复时间',
  into: '合并到的案件',
  satisfied: '是否满意',
  comment: '居民意见',
  role: '角色',
  unit: '单位',
  by: '统计维度',
  from: '开始日期',
  to: '结束日期',
  granularity: '统计周期',
  limit: '条数',
  status: '状态',
  q: '搜索内容',
  body: '提交内容',
};

/** What to say about a field the API refused, where the API's own words are not Chinese. */
export const fieldHints = {
  itemCode: '请选择呼应事项',
  gridCode: '请选择网格',
  description: '请描述居民反映的问题（不超过 2000 字）',
  channel: '请选择反映渠道',
  reportedAt: '反映时间不能晚于现在',
  'resident.name': '姓名不超过 50 字',
  'resident.phone': '请填写 5 至 20 位数字的电话号码',
  'resident.address': '地址不超过 200 字',
  reason: '请填写理由（不超过 500 字）',
  note: '请填写说明（不超过 2000 字）',
  summary: '请填写办结情况（不超过 2000 字）',
  level: '请选择派往的层级或单位',
  department: '请选择部门',
  departments: '请至少选择一个部门',
  reportWithinMinutes: '请填写 1 至 10080 之间的分钟数',
  resolveBy: '请选择今后 90 天以内的时间',
  into: '请填写另一件未结案、由您调度的案件编号',
  from: '日期范围有误：开始日期须早于结束日期，且不超过两年',
  to: '日期范围有误：开始日期须早于结束日期，且不超过两年',
};

/** What a case counted for in a unit's score (GET /api/rankings/{unit}/cases), in display order. */
export const chargedCounts = {
  assigned: '计入派单',
  responded: '已认领',
  respondedOnTime: '按时认领',
  resolved: '已办结',
  resolvedOnTime: '按时办结',
  withFeedback: '有回访',
  satisfied: '满意',
  returned: '退回',
  escalated: '上报',
  relieved: '改派免责',
  reopened: '重办',
  open: '在办',
  overdue: '超时',
};

/** Why a unit is not ranked (GET /api/rankings: unranked). */
export const unrankedReasons = { 'insufficient-sample': '样本不足', 'no-data': '无数据' };
