/** The four roles of domain.md. Roles live inside the encrypted DB, never in the keyring. */
export const ROLES = ['admin', 'keeper', 'clerk', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '管理员', en: 'Administrator' },
  keeper: { zh: '档案员', en: 'Archive keeper' },
  clerk: { zh: '查阅员', en: 'Look-up clerk' },
  auditor: { zh: '审计员', en: 'Auditor' },
};
