export const zhCN = {
  app: { name: '档案室', community: '社区' },
  nav: { home: '首页', records: '档案', residents: '住户', lending: '借阅', retention: '保管期限', destruction: '销毁', printing: '打印', data: '数据', audit: '审计', settings: '设置' },
  common: { save: '保存', cancel: '取消', ok: '确定', next: '下一步', back: '上一步', signOut: '退出登录', language: 'English', coming: '此功能即将推出。', loading: '正在加载…', yes: '是', no: '否', actions: '操作' },
  setup: {
    title: '首次使用：建立档案库',
    intro: '档案库中的所有数据都将加密保存。请填写社区名称并创建第一位管理员。',
    community: '社区名称', username: '管理员用户名', displayName: '管理员姓名', password: '密码', password2: '再次输入密码',
    mismatch: '两次输入的密码不一致', create: '建立档案库',
    recoveryTitle: '请保存恢复密钥', recoveryIntro: '忘记所有管理员密码时，只能用这把恢复密钥打开档案库。它只显示这一次。',
    printSheet: '打开恢复密钥单（PDF）', saved: '我已打印并妥善保管恢复密钥', finish: '进入档案室',
  },
  signIn: { title: '登录档案室', username: '用户名', password: '密码', submit: '登录', useRecovery: '忘记密码？使用恢复密钥', retryIn: '请 {{s}} 秒后再试' },
  recover: { title: '使用恢复密钥', key: '恢复密钥', username: '用户名', newPassword: '新密码', submit: '重设密码并登录', back: '返回登录' },
  lock: { title: '已锁定', intro: '{{name}}，您已长时间未操作，档案室已锁定。请输入密码继续。', submit: '解锁', other: '切换用户' },
  changePw: { title: '修改密码', mustChange: '这是管理员设置的临时密码，请先修改。', current: '当前密码', next: '新密码', next2: '再次输入新密码', submit: '修改密码', done: '密码已修改' },
  settings: { users: '用户管理', general: '常规', password: '修改密码', idleMinutes: '无操作自动锁定（分钟）', communityName: '社区名称', saved: '已保存', timeZone: '时区', timeZoneHint: '“今天”（借阅到期、保管期限、导入年度）和打印、显示的时间都按此时区计算。' },
  users: {
    add: '添加用户', username: '用户名', displayName: '姓名', role: '角色', status: '状态', active: '启用', disabled: '停用', created: '创建时间',
    tempPassword: '临时密码', disable: '停用', enable: '启用', reset: '重置密码', resetDone: '已重置，用户下次登录需修改密码', created_ok: '已添加用户',
  },
  audit: { title: '审计日志', verify: '校验审计链', verifyOk: '审计链完整：已校验 {{n}} 条', verifyBad: '审计链在第 {{seq}} 条处断裂（{{problem}}）', seq: '序号', at: '时间', actor: '操作人', action: '操作', subject: '对象', details: '详情' },
  problem: { edited: '被修改', deleted: '被删除', inserted: '被插入', reordered: '顺序被调换' },
  roles: { admin: '管理员', keeper: '档案员', clerk: '查阅员', auditor: '审计员' },
};
export type Messages = typeof zhCN;
