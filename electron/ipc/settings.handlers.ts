import type { AreaHandlers } from './handler-types';

export const settingsHandlers: AreaHandlers<'settings'> = {
  get: ({ core }) => core.services.settings.get(),
  async update({ core, session }, req) {
    const { settings, audit, db } = core.services;
    const { after } = await db.write(async (m) => {
      const r = await settings.put(m, req);
      await audit.append(m, { actor: session.username, action: 'settings.update', details: { before: r.before, after: r.after } });
      return r;
    });
    core.setIdleMinutes(after.idleMinutes);
    core.setTimeZone(after.timeZone);
    return after;
  },
};
