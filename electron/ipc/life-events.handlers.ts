import type { AreaHandlers } from './handler-types';

/** 迁入, 迁出, 死亡注销, 调户, 设为户主, 分户, 合户: recorded now, or proposed for another keeper's review. */
export const lifeEventsHandlers: AreaHandlers<'lifeEvents'> = {
  async record(c, { submitForReview, ...d }) {
    const s = c.core.services;
    const actor = { username: c.session.username };
    if (submitForReview) {
      // Refused now what approval would refuse, so the queue holds only events that can happen.
      await s.lifeEvents.check(d);
      const subject = 'residentId' in d ? `resident:${d.residentId}` : `household:${d.householdId}`;
      const pendingId = await s.review.propose(actor, 'life_event', 'event', subject.split(':')[1], d, subject);
      return { event: null, pendingId };
    }
    return { event: await s.db.write((m) => s.lifeEvents.apply(m, actor, d)), pendingId: null };
  },
  list: (c, r) => c.core.services.lifeEvents.list(r.subject),
};
