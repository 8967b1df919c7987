import { Alert, Checkbox, Form, Input, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StaffOption } from './use-staff';

const staffOptions = (list: StaffOption[]) => list.map((u) => ({ value: u.id, label: u.name }));

/** Step 2: who borrows (a staff member, or an outside person with ID, organisation and 介绍信) and why. */
export function BorrowerStep({ borrowerKind, staff, limited }: { borrowerKind: 'staff' | 'external'; staff: StaffOption[]; limited: boolean }) {
  const { t } = useTranslation();
  const req = [{ required: true, message: t('lending.required') }];
  return (
    <>
      <Form.Item name={['borrower', 'kind']} label={t('lending.borrowerKind')}>
        <Radio.Group
          data-testid="borrower-kind"
          aria-label={t('lending.borrowerKind')}
          options={[
            { value: 'staff', label: t('lending.staff') },
            { value: 'external', label: t('lending.external') },
          ]}
        />
      </Form.Item>
      {borrowerKind === 'staff' ? (
        <>
          {limited && <Alert type="info" showIcon message={t('lending.staffListLimited')} style={{ marginBottom: 12 }} />}
          <Form.Item name={['borrower', 'userId']} label={t('lending.staffUser')} rules={req}>
            <Select showSearch optionFilterProp="label" options={staffOptions(staff)} data-testid="borrower-user" />
          </Form.Item>
        </>
      ) : (
        <>
          <Form.Item name={['borrower', 'name']} label={t('lending.name')} rules={req}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name={['borrower', 'idNumber']} label={t('lending.idNumber')} rules={req}>
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item name={['borrower', 'organisation']} label={t('lending.organisation')} rules={req}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name={['borrower', 'letterNo']} label={t('lending.letterNo')} rules={req}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name={['borrower', 'phone']} label={t('lending.phone')}>
            <Input maxLength={20} />
          </Form.Item>
        </>
      )}
      <Form.Item name="purpose" label={t('lending.purpose')} rules={req}>
        <Input.TextArea rows={2} maxLength={200} />
      </Form.Item>
    </>
  );
}

/** Step 3: approval on record, due date, condition, and the pages-checked confirmation. */
export function ApprovalStep({ approvers, loanDays, totalPages }: { approvers: StaffOption[]; loanDays: number; totalPages: number }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="approverUserId" label={t('lending.approver')} rules={[{ required: true, message: t('lending.required') }]}>
        <Select showSearch optionFilterProp="label" options={staffOptions(approvers)} data-testid="approver" />
      </Form.Item>
      <Form.Item name="approverOpinion" label={t('lending.approverOpinion')}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item
        name="dueDate"
        label={t('lending.dueDate')}
        extra={t('lending.dueHint', { days: loanDays })}
        rules={[{ required: true, message: t('lending.required') }]}
      >
        <Input type="date" style={{ width: 200 }} data-testid="due-date" />
      </Form.Item>
      <Form.Item name="condition" label={t('lending.condition')}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item
        name="pagesConfirmed"
        valuePropName="checked"
        rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('lending.pagesCheckedRequired')))) }]}
      >
        <Checkbox data-testid="pages-confirmed">{t('lending.pagesChecked', { n: totalPages })}</Checkbox>
      </Form.Item>
    </>
  );
}
