import { CalendarOutlined } from '@ant-design/icons';
import { Button, Calendar, Input, Popover, Space } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateStr } from '../../../shared/contract/register-fields';

/**
 * A date typed as keepers write it (2008.5.1, 2008/05/01, 2008年5月1日 — the importer's parser,
 * shared/contract DateStr) with a calendar beside it. Typed text is tidied to YYYY-MM-DD on blur
 * when it reads as a date; otherwise it stays as typed and the server's message explains.
 */
export function DateInput({ id, value, onChange, testId }: { id?: string; value?: string | null; onChange?: (v: string) => void; testId?: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const parsed = DateStr.safeParse(value ?? '');
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input
        id={id}
        value={value ?? ''}
        placeholder="YYYY-MM-DD"
        data-testid={testId}
        onChange={(e) => onChange?.(e.target.value)}
        onBlur={() => {
          if (parsed.success && parsed.data !== value) onChange?.(parsed.data);
        }}
      />
      <Popover
        open={open}
        onOpenChange={setOpen}
        trigger="click"
        destroyOnHidden
        content={
          <div style={{ width: 290 }} data-testid={testId ? `${testId}-calendar` : undefined}>
            <Calendar
              fullscreen={false}
              defaultValue={parsed.success ? dayjs(parsed.data) : undefined}
              onSelect={(d, info) => {
                if (info.source !== 'date') return;
                onChange?.(d.format('YYYY-MM-DD'));
                setOpen(false);
              }}
            />
          </div>
        }
      >
        <Button
          icon={<CalendarOutlined />}
          aria-label={t('register.pickDate')}
          title={t('register.pickDate')}
          data-testid={testId ? `${testId}-pick` : undefined}
        />
      </Popover>
    </Space.Compact>
  );
}
