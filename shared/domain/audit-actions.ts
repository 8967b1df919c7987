/**
 * Audit action codes in words (zh / en): the one table every audit view reads — 谁查阅过, the
 * audit page, the audit export and the monthly report. The trail itself keeps the short codes
 * (they are hashed into the chain and filtered by prefix); people read the words.
 * A unit test scans electron/ for every action the code writes and fails on one missing here.
 */
import type { Bilingual } from './retention';

export const AUDIT_ACTIONS: Readonly<Record<string, Bilingual>> = {
  // set-up, sign-in, users
  'vault.created': { zh: '建立档案库', en: 'Archive created' },
  'auth.signIn': { zh: '登录', en: 'Signed in' },
  'auth.signOut': { zh: '退出登录', en: 'Signed out' },
  'auth.locked': { zh: '闲置锁定', en: 'Locked (idle)' },
  'server.unlocked': { zh: '管理员解锁档案室服务器', en: 'Office server unlocked by an administrator' },
  'server.locked': { zh: '管理员锁定档案室服务器（所有会话结束）', en: 'Office server locked by an administrator (every session ended)' },
  'auth.recover': { zh: '用恢复密钥重设密码', en: 'Password reset with the recovery key' },
  'auth.changePassword': { zh: '修改本人密码', en: 'Changed own password' },
  'auth.signIn.failed': { zh: '登录失败', en: 'Sign-in failed' },
  'auth.recover.failed': { zh: '恢复密钥核对失败', en: 'Recovery key refused' },
  'auth.standing.refused': { zh: '登录被拒：角色或密钥无签名授权', en: 'Sign-in refused: role or key has no signed grant' },
  'audit.truncationFound': { zh: '发现审计末尾记录被删除', en: 'Entries found cut off the end of the trail' },
  'users.rekey': { zh: '更换库密钥（重新加密）', en: 'Vault key renewed (re-encrypted)' },
  'auth.confirm.failed': { zh: '当面核对密码失败', en: 'Password check at the desk failed' },
  'access.denied': { zh: '无权操作被拒绝', en: 'Refused: not allowed for the role' },
  'users.create': { zh: '新建用户', en: 'User created' },
  'users.setActive': { zh: '启用或停用用户', en: 'User enabled or disabled' },
  'users.resetPassword': { zh: '重设用户临时密码', en: 'Temporary password set for a user' },
  'users.setRole': { zh: '更改用户角色', en: 'User role changed' },
  'settings.update': { zh: '修改设置', en: 'Settings changed' },
  'cli.verify': { zh: '命令行校验审计链', en: 'Audit chain verified (command line)' },

  // grids, buildings, households, residents, tags, reviews
  'grid.create': { zh: '新建网格', en: 'Grid created' },
  'grid.update': { zh: '修改网格', en: 'Grid changed' },
  'building.create': { zh: '新建楼栋', en: 'Building created' },
  'building.update': { zh: '修改楼栋', en: 'Building changed' },
  'building.move': { zh: '楼栋移至其他网格（批量修改）', en: 'Building moved to another grid (batch edit)' },
  'unit.create': { zh: '新建单元', en: 'Unit created' },
  'unit.update': { zh: '修改单元', en: 'Unit changed' },
  'grid.remove': { zh: '删除空网格', en: 'Empty grid removed' },
  'building.remove': { zh: '删除空楼栋', en: 'Empty building removed' },
  'unit.remove': { zh: '删除空单元', en: 'Empty unit removed' },
  'roster.refused': { zh: '花名册敏感条件筛选被拒绝', en: 'Roster filter on sensitive facts refused' },
  'roster.columns': { zh: '设置花名册显示列', en: 'Roster columns chosen' },
  'roster.search.save': { zh: '保存花名册查询', en: 'Roster search saved' },
  'roster.search.remove': { zh: '删除已保存的花名册查询', en: 'Saved roster search removed' },
  'household.create': { zh: '新建住户', en: 'Household created' },
  'household.update': { zh: '修改住户', en: 'Household changed' },
  'resident.create': { zh: '新建居民', en: 'Resident created' },
  'resident.update': { zh: '修改居民信息', en: 'Resident changed' },
  'resident.view': { zh: '查看居民详情', en: 'Viewed resident details' },
  // life events (a row in life_events each; undone only by a counter-event)
  'resident.moveIn': { zh: '迁入', en: 'Moved in' },
  'resident.moveOut': { zh: '迁出', en: 'Moved out' },
  'resident.death': { zh: '死亡注销', en: 'Death registered' },
  'resident.deathRevoked': { zh: '撤销死亡注销', en: 'Death registration revoked' },
  'resident.transfer': { zh: '调户（户内变更）', en: 'Moved to another household' },
  'household.setHead': { zh: '变更户主', en: 'Head of household changed' },
  'household.split': { zh: '分户', en: 'Household split' },
  'household.merge': { zh: '合户', en: 'Households merged' },
  'tag.create': { zh: '新建标签', en: 'Tag created' },
  'tag.update': { zh: '修改标签', en: 'Tag changed' },
  'tag.delete': { zh: '删除标签', en: 'Tag deleted' },
  'tag.seedDefaults': { zh: '建立默认标签', en: 'Default tags created' },
  'tag.discreetDefaults': { zh: '低保、残疾等标签改为不公开', en: 'Welfare and health tags made discreet' },
  'review.propose': { zh: '提交待审核修改', en: 'Change submitted for review' },
  'review.approve': { zh: '审核通过修改', en: 'Change approved' },
  'review.reject': { zh: '审核退回修改', en: 'Change rejected' },

  // records, attachments, search, look-ups
  'record.create': { zh: '新建档案', en: 'Record created' },
  'record.update': { zh: '修改档案', en: 'Record changed' },
  'category.seedDefaults': { zh: '建立默认档案分类', en: 'Default record categories created' },
  'category.create': { zh: '新建档案分类', en: 'Record category created' },
  'category.update': { zh: '修改档案分类', en: 'Record category changed' },
  'category.reorder': { zh: '调整档案分类顺序', en: 'Record categories reordered' },
  'category.delete': { zh: '删除档案分类', en: 'Record category deleted' },
  'location.create': { zh: '新建存放位置', en: 'Location created' },
  'location.update': { zh: '修改存放位置', en: 'Location changed' },
  'attachment.add': { zh: '上传附件', en: 'Attachment uploaded' },
  'attachment.view': { zh: '查看附件', en: 'Viewed attachment' },
  'attachment.export': { zh: '导出附件', en: 'Exported attachment' },
  search: { zh: '检索', en: 'Searched' },
  'lookup.request': { zh: '申请查阅', en: 'Look-up requested' },
  'lookup.approve': { zh: '批准查阅', en: 'Look-up approved' },
  'lookup.deny': { zh: '驳回查阅', en: 'Look-up refused' },
  'lookup.refused': { zh: '未经授权的查阅被拒绝', en: 'Look-up without approval refused' },

  // lending
  'loan.checkout': { zh: '借出（开借阅单）', en: 'Checked out (slip issued)' },
  'loan.return': { zh: '归还', en: 'Returned' },
  'loan.renew': { zh: '续借', en: 'Renewed' },
  'loan.recall': { zh: '催还', en: 'Recall notice' },
  'loan.approve': { zh: '审批人本人密码确认借阅', en: 'Loan approved (approver confirmed with own password)' },
  'loan.approve.refused': { zh: '借阅审批确认被拒绝', en: 'Loan approval confirmation refused' },
  'loan.paperApproval': { zh: '登记纸质审批（附签字审批单扫描件）', en: 'Paper approval recorded (signed slip scanned)' },
  'loan.approvalScan.view': { zh: '查看纸质审批单扫描件', en: 'Viewed the scanned approval slip' },

  // retention, appraisal, destruction
  'retention.hold': { zh: '冻结', en: 'Put on hold' },
  'retention.release': { zh: '解除冻结', en: 'Hold released' },
  'retention.setClock': { zh: '设置保管期限起算事件', en: 'Retention clock event set' },
  'appraisal.create': { zh: '发起鉴定批次', en: 'Appraisal batch opened' },
  'appraisal.decide': { zh: '鉴定意见', en: 'Appraisal decision' },
  'appraisal.review': { zh: '复核鉴定意见', en: 'Appraisal decision reviewed' },
  'appraisal.close': { zh: '结束鉴定批次', en: 'Appraisal batch closed' },
  'appraisal.decide.refused': { zh: '鉴定意见被拒绝', en: 'Appraisal decision refused' },
  'appraisal.review.refused': { zh: '复核被拒绝', en: 'Appraisal review refused' },
  'appraisal.close.refused': { zh: '结束鉴定批次被拒绝', en: 'Closing the appraisal batch refused' },
  'destruction.propose': { zh: '拟制销毁清册', en: 'Destruction register drawn up' },
  'destruction.repropose': { zh: '重新提交销毁清册', en: 'Destruction register re-submitted' },
  'destruction.override': { zh: '管理员提前销毁（附理由）', en: 'Early destruction override (with reason)' },
  'destruction.approve': { zh: '审批同意销毁清册', en: 'Destruction register approved' },
  'destruction.reject': { zh: '退回销毁清册', en: 'Destruction register rejected' },
  'destruction.supervise': { zh: '监销人确认', en: 'Supervisor confirmed' },
  'destruction.execute': { zh: '执行销毁', en: 'Destruction executed' },
  'destruction.record': { zh: '档案已销毁', en: 'Record destroyed' },
  'destruction.propose.refused': { zh: '拟制销毁清册被拒绝', en: 'Drawing up a register refused' },
  'destruction.repropose.refused': { zh: '重新提交销毁清册被拒绝', en: 'Re-submitting a register refused' },
  'destruction.approve.refused': { zh: '审批销毁清册被拒绝', en: 'Approving a register refused' },
  'destruction.reject.refused': { zh: '退回销毁清册被拒绝', en: 'Rejecting a register refused' },
  'destruction.supervise.refused': { zh: '监销人确认被拒绝', en: 'Supervisor confirmation refused' },
  'destruction.execute.refused': { zh: '执行销毁被拒绝', en: 'Destruction refused' },

  // printing
  'print.covers': { zh: '打印档案封面', en: 'Printed archive covers' },
  'print.buildingCover': { zh: '打印楼栋封皮', en: 'Printed building cover' },
  'print.boxSpine': { zh: '打印盒脊', en: 'Printed box spine' },
  'print.boxSheet': { zh: '打印备考表', en: 'Printed box notes sheet' },
  'print.labels': { zh: '打印档案标签', en: 'Printed record labels' },
  'print.calibration': { zh: '打印校准页', en: 'Printed calibration page' },
  'report.annual': { zh: '生成年度统计报表', en: 'Made the annual statistics report' },
  'print.loanSlip': { zh: '打印借阅单', en: 'Printed loan slip' },
  'print.recallSlip': { zh: '打印催还单', en: 'Printed recall slip' },
  'print.appraisalReport': { zh: '打印鉴定报告', en: 'Printed appraisal report' },
  'print.destructionRegister': { zh: '打印销毁清册', en: 'Printed destruction register' },
  'print.destructionCertificate': { zh: '打印销毁证明', en: 'Printed destruction certificate' },

  // audit, data
  'audit.verify': { zh: '校验审计链', en: 'Audit chain verified' },
  'audit.searchMatch': { zh: '按检索内容核查审计', en: 'Audit searched by search text' },
  'audit.checkpoint': { zh: '打印审计检查点', en: 'Audit checkpoint printed' },
  'audit.checkAgainstCheckpoint': { zh: '核对审计检查点', en: 'Checked against a checkpoint' },
  'audit.export': { zh: '导出审计日志', en: 'Audit trail exported' },
  'audit.monthlyReport': { zh: '生成审计月报', en: 'Monthly audit report made' },
  'export.list': { zh: '导出名单', en: 'List exported' },
  'import.commit': { zh: '导入数据', en: 'Data imported' },
  'import.mapping.save': { zh: '保存导入值映射', en: 'Import value mapping saved' },
  'import.mapping.remove': { zh: '删除导入值映射', en: 'Import value mapping removed' },
  'backup.create': { zh: '备份', en: 'Backup made' },
  'backup.restore': { zh: '从备份恢复', en: 'Restored from a backup' },
  'backup.restore.refused': { zh: '从备份恢复被拒绝', en: 'Restore from a backup refused' },
  'backup.schedule': { zh: '设置定时备份', en: 'Backup schedule set' },
  'backup.scheduled.failed': { zh: '定时备份失败', en: 'Scheduled backup failed' },
};

/** Area words for a code this table does not know yet, so even that reads as words. */
const AREAS: Readonly<Record<string, Bilingual>> = {
  auth: { zh: '登录', en: 'Sign-in' },
  users: { zh: '用户', en: 'Users' },
  record: { zh: '档案', en: 'Record' },
  resident: { zh: '居民', en: 'Resident' },
  household: { zh: '住户', en: 'Household' },
  attachment: { zh: '电子文件', en: 'Electronic file' },
  lookup: { zh: '查阅', en: 'Look-up' },
  loan: { zh: '借阅', en: 'Lending' },
  retention: { zh: '保管期限', en: 'Retention' },
  appraisal: { zh: '鉴定', en: 'Appraisal' },
  destruction: { zh: '销毁', en: 'Destruction' },
  print: { zh: '打印', en: 'Printing' },
  audit: { zh: '审计', en: 'Audit' },
  import: { zh: '导入', en: 'Import' },
  export: { zh: '导出', en: 'Export' },
  backup: { zh: '备份', en: 'Backup' },
};

export function hasAuditWords(action: string): boolean {
  return Object.hasOwn(AUDIT_ACTIONS, action);
}

/** The words for an action code; an unknown code still reads as words, with the code beside it. */
export function auditActionWords(action: string): Bilingual {
  if (hasAuditWords(action)) return AUDIT_ACTIONS[action];
  const refused = /^(.+)\.(refused|failed)$/.exec(action);
  if (refused && hasAuditWords(refused[1])) {
    const w = AUDIT_ACTIONS[refused[1]];
    return { zh: `${w.zh}（被拒绝）`, en: `${w.en} (refused)` };
  }
  const area = AREAS[action.split('.')[0]];
  return area ? { zh: `${area.zh}操作（${action}）`, en: `${area.en} action (${action})` } : { zh: `其他操作（${action}）`, en: `Other action (${action})` };
}

/** "销毁清册审批 / Register approved" — for bilingual documents (exports, the monthly report). */
export function auditActionBilingual(action: string): string {
  const w = auditActionWords(action);
  return `${w.zh} / ${w.en}`;
}
