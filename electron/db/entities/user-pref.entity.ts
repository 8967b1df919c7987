import { EntitySchema } from 'typeorm';

/** One user's preference (a JSON value under a key such as 'roster'). Not resident data. */
export interface UserPrefRecord {
  username: string;
  key: string;
  value: string;
  updatedAt: string;
}

export const UserPrefEntity = new EntitySchema<UserPrefRecord>({
  name: 'UserPref',
  tableName: 'user_prefs',
  columns: {
    username: { type: 'varchar', length: 32, primary: true },
    key: { name: 'pref_key', type: 'varchar', length: 40, primary: true },
    value: { type: 'text' },
    updatedAt: { name: 'updated_at', type: 'varchar', length: 32 },
  },
});
