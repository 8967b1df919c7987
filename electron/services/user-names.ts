import { In, type EntityManager } from 'typeorm';
import { UserEntity } from '../db/entities/user.entity';

/**
 * Display names for user names. Documents and screens name people; the user name stays in the
 * audit trail. A user name no longer in the table (or an empty one) is shown as it is.
 */
export async function displayNames(m: EntityManager, usernames: readonly (string | null | undefined)[]): Promise<(u: string | null | undefined) => string> {
  const wanted = [...new Set(usernames.filter((u): u is string => !!u))];
  const map = new Map<string, string>();
  for (let i = 0; i < wanted.length; i += 500) {
    const part = wanted.slice(i, i + 500);
    const rows = await m.find(UserEntity, { select: ['id', 'username', 'displayName'], where: { username: In(part) } });
    for (const r of rows) map.set(r.username, r.displayName);
  }
  return (u) => (u ? (map.get(u) ?? u) : '');
}
