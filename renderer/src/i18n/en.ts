import type { Messages } from './zh-CN';

export const en: Messages = {
  app: { name: 'Archive Room', community: 'Community' },
  nav: { home: 'Home', records: 'Records', residents: 'Residents', lending: 'Lending', retention: 'Retention', destruction: 'Destruction', printing: 'Printing', data: 'Data', audit: 'Audit', settings: 'Settings' },
  common: { save: 'Save', cancel: 'Cancel', ok: 'OK', next: 'Next', back: 'Back', signOut: 'Sign out', language: '中文', coming: 'Coming soon.', loading: 'Loading…', yes: 'Yes', no: 'No', actions: 'Actions' },
  setup: {
    title: 'First run: create the archive',
    intro: 'Everything in the archive is stored encrypted. Enter the community name and create the first administrator.',
    community: 'Community name', username: 'Administrator user name', displayName: 'Administrator name', password: 'Password', password2: 'Repeat password',
    mismatch: 'The passwords differ', create: 'Create the archive',
    recoveryTitle: 'Keep the recovery key', recoveryIntro: 'If every administrator password is lost, only this recovery key opens the archive. It is shown only once.',
    printSheet: 'Open the recovery sheet (PDF)', saved: 'I have printed the recovery key and stored it safely', finish: 'Enter the archive',
  },
  signIn: { title: 'Sign in to Archive Room', username: 'User name', password: 'Password', submit: 'Sign in', useRecovery: 'Forgot the password? Use the recovery key', retryIn: 'Try again in {{s}} s' },
  recover: { title: 'Use the recovery key', key: 'Recovery key', username: 'User name', newPassword: 'New password', submit: 'Set password and sign in', back: 'Back to sign-in' },
  lock: { title: 'Locked', intro: '{{name}}, the archive locked after you were idle. Enter your password to go on.', submit: 'Unlock', other: 'Switch user' },
  changePw: { title: 'Change password', mustChange: 'This is a temporary password set by an administrator; change it first.', current: 'Current password', next: 'New password', next2: 'Repeat new password', submit: 'Change password', done: 'Password changed' },
  settings: { users: 'Users', general: 'General', password: 'Change password', idleMinutes: 'Lock after idle (minutes)', communityName: 'Community name', saved: 'Saved', timeZone: 'Time zone', timeZoneHint: '"Today" (loan due dates, retention, import year) and every printed or shown time follow this zone.' },
  users: {
    add: 'Add user', username: 'User name', displayName: 'Name', role: 'Role', status: 'Status', active: 'Active', disabled: 'Disabled', created: 'Created',
    tempPassword: 'Temporary password', disable: 'Disable', enable: 'Enable', reset: 'Reset password', resetDone: 'Reset; the user must change it at next sign-in', created_ok: 'User added',
    rekey: 'Renew vault key',
    disableTitle: 'Disable user "{{name}}"?',
    disableBody: "Their sessions end at once and the vault key is renewed: the database is re-encrypted and attachment keys re-wrapped; nobody else is affected. A keyring copy this person holds cannot open data written from now on; earlier backups still open for the users they held (this person included) with the passwords of that time, so keep old backups safe or destroy them.",
    rekeyTitle: 'Renew the vault key now?',
    rekeyBody: 'The database is re-encrypted under a new key (a few seconds for a large archive); other work waits meanwhile. Old keyring copies cannot open data written from now on.',
  },
  audit: { verifyFull: 'Full verify', sinceCheckpoint: 'Checked from entry {{seq}}, after the last signed checkpoint; the entries before it were verified then and the last of them is unchanged.', title: 'Audit trail', verify: 'Verify the chain', verifyOk: 'Chain intact: {{n}} entries checked', verifyBad: 'Chain broken at entry {{seq}} ({{problem}})', seq: 'Seq', at: 'Time', actor: 'Actor', action: 'Action', subject: 'Subject', details: 'Details' },
  problem: { edited: 'edited', deleted: 'deleted', inserted: 'inserted', reordered: 'reordered', forged: 'signature invalid', unauthorised: 'signer not allowed', truncated: 'entries cut off the end', grantMismatch: 'role without a signed grant' },
  roles: { admin: 'Administrator', keeper: 'Archive keeper', clerk: 'Look-up clerk', auditor: 'Auditor' },
};
