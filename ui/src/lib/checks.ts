// Names a learner reads for the report's check ids and statuses (DESIGN §3).

export const CHECK_LABEL: Record<string, string> = {
  proof: 'Signature',
  issuer: 'Issuer',
  validity: 'Dates',
  status: 'Revocation',
  registry: 'Registry',
  schema: 'Format',
};

export const STATUS_WORD: Record<string, string> = {
  pass: 'passed',
  fail: 'failed',
  warn: 'warning',
  unknown: 'could not be checked',
  skip: 'does not apply',
};
