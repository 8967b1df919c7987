import type { AreaHandlers } from './handler-types';

export const auditHandlers: AreaHandlers<'audit'> = {
  list: ({ core }, req) => core.services.audit.list(req),
  async verify({ core, session }) {
    const r = await core.services.audit.verify();
    await core.services.audit.record({ actor: session.username, action: 'audit.verify', details: { ok: r.ok, checked: r.checked, firstBadSeq: r.firstBadSeq } });
    return r;
  },
};
