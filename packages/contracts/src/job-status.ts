import { Type, type Static } from 'typebox';

export const JOB_STATES = ['PENDING', 'PROCESSING', 'COMPLETED', 'FAILED'] as const;
export const JobState = Type.Enum(JOB_STATES);
export type JobState = (typeof JOB_STATES)[number];

/** Value of `ai:job:status:{jobId}`. */
export const JobStatus = Type.Object(
  {
    jobId: Type.String(),
    eventId: Type.String(),
    status: JobState,
    progress: Type.Integer({ minimum: 0, maximum: 100 }),
    message: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    attempt: Type.Optional(
      Type.Integer({ minimum: 1, description: 'BullMQ attempt that wrote this record; progress only rises within one attempt.' }),
    ),
    error: Type.Optional(Type.String({ description: 'Why the job failed (FAILED only).' })),
  });
export type JobStatus = Static<typeof JobStatus>;

/** The progress steps of the original service, plus the terminal ones. */
export const PROGRESS_STEPS = {
  pending: { status: 'PENDING', progress: 0, message: '요청 접수' },
  analysingTrends: { status: 'PROCESSING', progress: 10, message: '트렌드 분석 중' },
  generatingRecommendations: { status: 'PROCESSING', progress: 50, message: '이벤트 추천안 생성 중' },
  completed: { status: 'COMPLETED', progress: 100, message: '추천 완료' },
} as const satisfies Record<string, { status: JobState; progress: number; message: string }>;
