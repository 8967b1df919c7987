import { EntitySchema } from 'typeorm';

export interface SettingRecord {
  key: string;
  value: string; // JSON
}

export const SettingEntity = new EntitySchema<SettingRecord>({
  name: 'Setting',
  tableName: 'settings',
  columns: {
    key: { type: 'varchar', length: 64, primary: true },
    value: { type: 'text' },
  },
});
