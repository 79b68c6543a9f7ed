// Inspection results and when a result may be (re)recorded: pure rules, no I/O.

export const INSPECTION_STATUSES = ['pending', 'inspected'] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];

export const INSPECTION_RESULTS = [
  'ok',
  'not_installed',
  'not_working',
  'wrong_household',
  'receiver_missing',
] as const;
export type InspectionResult = (typeof INSPECTION_RESULTS)[number];

/** Every result but `ok` is a problem found at the household. */
export const PROBLEM_RESULTS = INSPECTION_RESULTS.filter(
  (r): r is Exclude<InspectionResult, 'ok'> => r !== 'ok',
);

export const INSPECTION_RESULT_VI: Record<InspectionResult, string> = {
  ok: 'đạt',
  not_installed: 'chưa lắp đặt',
  not_working: 'không hoạt động',
  wrong_household: 'sai hộ',
  receiver_missing: 'không còn đầu thu',
};

export interface RecordedState {
  status: InspectionStatus;
  result: InspectionResult | null;
  notes: string | null;
  version: number;
}

export interface RecordRequest {
  result: InspectionResult;
  /** undefined: not given (keep what is stored); null or '': no notes. */
  notes?: string | null;
  version?: number;
}

/**
 * `unchanged`: a retry of what is stored (same result, and same notes or none given), answered with
 * the stored inspection. `record`: store it. `stale`: anything that would change a recorded result
 * (or its notes) needs the current version, and a version, when given, must be current.
 */
export function decideRecording(
  current: RecordedState,
  input: RecordRequest,
): 'record' | 'unchanged' | 'stale' {
  if (current.status === 'inspected' && current.result === input.result) {
    const sameNotes = input.notes === undefined || (input.notes || null) === current.notes;
    if (sameNotes) return 'unchanged';
  }
  if (input.version !== undefined) return input.version === current.version ? 'record' : 'stale';
  return current.status === 'pending' ? 'record' : 'stale';
}
