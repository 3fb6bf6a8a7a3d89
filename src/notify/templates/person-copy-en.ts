// English, sentence for sentence the same facts and steps as the Indonesian copy.
import type {
  CopyContext,
  PdDeactivationReason,
  PersonCopy,
  PtkDeactivationReason,
  SectionText,
} from './person-copy.js';

const DEACTIVATION_SUBJECT = 'Your belajar.id account will be deactivated';

function correction(): string {
  return 'If this information is wrong, please ask your school operator to correct your data in Dapodik.';
}

function correctionBeforeSuspend(c: CopyContext): string {
  return (
    `If this information is wrong, please ask your school operator to correct your data in Dapodik before ` +
    `${c.suspend}. Once the data is corrected, the account becomes active again.`
  );
}

function schedule(c: CopyContext, account: string): string {
  return (
    `You can keep using the ${account} account until ${c.lastDay}. From ${c.suspend} you can no longer ` +
    `sign in to it, and on ${c.remove} the account and everything in it are permanently deleted.`
  );
}

function backup(c: CopyContext): string {
  return `Back up your important data (email, documents and files) from ${c.from} before ${c.suspend}.`;
}

function deactivation(why: string, c: CopyContext, extraSteps: string[] = []): SectionText {
  return {
    subject: DEACTIVATION_SUBJECT,
    heading: `The account ${c.from} will be deactivated`,
    body: [why, schedule(c, c.from)],
    steps: [backup(c), ...extraSteps, correctionBeforeSuspend(c)],
  };
}

const PTK_WHY: Readonly<Record<PtkDeactivationReason, (c: CopyContext) => string>> = {
  pensiun: (c) =>
    `According to Dapodik, you have retired from ${c.fromSchool}. Thank you for your years of service.`,
  mutasi: (c) =>
    `According to Dapodik, you have been transferred (mutasi) from ${c.fromSchool} to an institution ` +
    'outside Dapodik.',
  mengundurkan_diri: (c) => `According to Dapodik, you have resigned from ${c.fromSchool}.`,
  diberhentikan: (c) => `According to Dapodik, you have been dismissed from ${c.fromSchool}.`,
  school_closed: (c) =>
    `According to Dapodik, ${c.fromSchool} is no longer registered (it has closed or merged with another school).`,
  absent: (c) => `You are no longer listed as staff at ${c.fromSchool} in the latest Dapodik data.`,
  no_account_role: (c) =>
    `According to Dapodik, your current staff type (jenis PTK) at ${c.fromSchool} is not one that ` +
    'receives a belajar.id account.',
  other: (c) => `According to Dapodik, your assignment at ${c.fromSchool} has ended.`,
};

const PD_WHY: Readonly<Record<PdDeactivationReason, (c: CopyContext) => string>> = {
  lulus: (c) =>
    `Congratulations on graduating from ${c.fromSchool}! As you are no longer enrolled as a student, ` +
    'your belajar.id account will be deactivated.',
  putus_sekolah: (c) =>
    `According to Dapodik, you are no longer attending ${c.fromSchool} (recorded as dropped out).`,
  dikeluarkan: (c) => `According to Dapodik, you have been expelled from ${c.fromSchool}.`,
  mengundurkan_diri: (c) => `According to Dapodik, you have withdrawn from ${c.fromSchool}.`,
  mutasi: (c) =>
    `According to Dapodik, you have moved (mutasi) from ${c.fromSchool} to a school outside Dapodik.`,
  school_closed: PTK_WHY.school_closed,
  absent: (c) => `You are no longer listed as a student at ${c.fromSchool} in the latest Dapodik data.`,
  continuation_ended: (c) =>
    `You graduated from ${c.fromSchool}, but by the deadline of ${c.deadline} you were not registered at a ` +
    'school for the next level in Dapodik.',
  other: (c) => `According to Dapodik, you are no longer enrolled as a student at ${c.fromSchool}.`,
};

export const PERSON_COPY_EN: PersonCopy = {
  greeting: (kind, nama) => (kind === 'ptk' ? `Dear ${nama},` : `Hello ${nama},`),
  intro: (_kind, changes) =>
    changes > 1
      ? `The latest Dapodik data brings ${changes} changes to your belajar.id accounts. The details follow.`
      : 'The latest Dapodik data brings a change to your belajar.id account.',
  combinedSubject: 'Changes to your belajar.id account',
  nextSteps: () => 'What you need to do:',
  labels: {
    effective: 'Effective from',
    address: 'Account address',
    oldAddress: 'Old address',
    newAddress: 'New address',
    school: 'School',
    oldSchool: 'Previous school',
    newSchool: 'New school',
    lastDay: 'Usable until',
    suspend: 'Sign-in blocked from',
    remove: 'Permanently deleted on',
    deadline: 'Enrolment deadline',
  },
  signature: ['Kind regards,', 'The belajar.id Account Team'],
  footnote:
    'This email was sent automatically; please do not reply. Account data follows Dapodik. ' +
    'Questions about your Dapodik data can be directed to your school operator.',

  ptkDeactivated: (reason, c) => deactivation(PTK_WHY[reason](c), c),
  pdDeactivated: (reason, c) =>
    deactivation(
      PD_WHY[reason](c),
      c,
      reason === 'continuation_ended'
        ? [
            'If you have already enrolled at a new school, ask that school’s operator to enter your data in ' +
              'Dapodik; a belajar.id account for the new level will then be created.',
          ]
        : [],
    ),
  reminder: (c) => ({
    subject: `Reminder: your belajar.id account can no longer be used from ${c.suspend}`,
    heading: `Reminder for ${c.from}`,
    body: [`The account ${c.from} is being deactivated.`, schedule(c, c.from)],
    steps: [
      `Back up your important data (email, documents and files) before ${c.suspend}.`,
      correctionBeforeSuspend(c),
    ],
  }),
  roleChanged: (toAdmin, c) => ({
    subject: 'Your belajar.id address has changed',
    heading: `Your address is now ${c.to}`,
    body: [
      `According to Dapodik, you now serve as ${
        toAdmin ? 'a school administrator (for example principal or administrative staff)' : 'a teacher'
      } at ${c.toSchool}. Your account’s primary address has therefore changed from ${c.from} to ${c.to}.`,
      `The old address stays as an alias: email sent to ${c.from} still reaches your account. ` +
        'Your password and all your data are unchanged.',
    ],
    steps: [
      `From ${c.effective}, sign in with the new address ${c.to} and the same password.`,
      'Let your colleagues and contacts know your new address.',
      correction(),
    ],
  }),
  transferred: (c) => ({
    subject: 'Your school has been updated on your belajar.id account',
    heading: `Transferred to ${c.toSchool}`,
    body: [
      `According to Dapodik, you have transferred from ${c.fromSchool} to ${c.toSchool}. ` +
        'Your belajar.id account stays the same and all your data is kept.',
      c.renamed
        ? `As your role has changed too, the account’s primary address is now ${c.to}; the old address ` +
          `${c.from} stays as an alias.`
        : '',
    ].filter((line) => line !== ''),
    steps: [
      c.renamed
        ? `Sign in with the new address ${c.to} and the same password.`
        : `Keep signing in with ${c.to} as usual; there is nothing to change.`,
      correction(),
    ],
  }),
  jenjangChanged: (c) => ({
    subject: `Your new belajar.id account for ${c.toJenjang}`,
    heading: `New account for ${c.toJenjang}: ${c.to}`,
    body: [
      c.kind === 'ptk'
        ? `According to Dapodik, you now work at ${c.toSchool} (${c.toJenjang}). As this is a different level ` +
          `from ${c.fromSchool} (${c.fromJenjang}), you receive a new account ${c.to}, and the old account ` +
          `${c.from} will be deactivated.`
        : `Congratulations, you are now enrolled at ${c.toSchool} (${c.toJenjang})! You receive a new account ` +
          `${c.to} for this level, and the old account ${c.from} will be deactivated.`,
      schedule(c, `old ${c.from}`),
    ],
    steps: [
      `Ask your school operator at ${c.toSchool} for the initial password, then sign in with the new address ` +
        `${c.to} and change the password straight away.`,
      `Move your important data (email, documents and files) out of the old account ${c.from} before ${c.suspend}.`,
      correction(),
    ],
  }),
  created: (c) => ({
    subject: 'Your belajar.id account has been created',
    heading: `New account: ${c.to}`,
    body: [
      `Your belajar.id account at ${c.toSchool} (${c.toJenjang}) has been created with the address ${c.to}.`,
    ],
    steps: [
      `Ask your school operator at ${c.toSchool} for the initial password.`,
      `Sign in with ${c.to} and that initial password, then change the password straight away. ` +
        'Never share your password with anyone.',
      correction(),
    ],
  }),
  reactivated: (c) => ({
    subject: 'Your belajar.id account is active again',
    heading: `${c.to} is active again`,
    body: [
      `According to the latest Dapodik data, you are registered at ${c.toSchool} again. The account ${c.to} is ` +
        `active again from ${c.effective}, and the deactivation scheduled earlier has been cancelled. ` +
        'Your data has been kept.',
    ],
    steps: [`Sign in with ${c.to} and your password as usual.`, correction()],
  }),
};
