import type { PublicJwk } from '../trust/roster';
/**
 * Shapes shared by the export formats: certification entries, the signed progress
 * bundle, and what verifying a bundle yields. Types only; the logic lives beside this file.
 */
import type { Step } from '../content/steps';
import type { LessonProgress } from '../progress/format';
import type { QuizAttempt } from '../quiz/score';
import type { SignoffPayload, TrainerRef } from '../trust/entry';

/** A quiz result a certification rests on. */
export interface QuizEvidence {
  lesson: string;
  /** Content hash of the quiz that was passed. */
  hash: string;
  /** When the passing attempt was made. */
  at: string;
  score: number;
  total: number;
  /**
   * The pass mark (percent) the attempt was scored against, which the trainer vouched the score
   * reached. Written by `skillCertificationReady`; when absent, the manifest's pass mark is used.
   */
  passMark?: number;
}

/** Payload of a certification entry (compact JWS, ES256, typ "tandem-certification+jws"). */
export interface CertificationPayload {
  v: 1;
  typ: 'certification';
  /** Unique entry id (UUID). */
  id: string;
  course: string;
  trainee: { id: string; name: string };
  /** "skill": one skill's four steps and quizzes; "course": every required skill certified. */
  scope: 'skill' | 'course';
  /** For scope "skill": the skill and its content hash. */
  skill?: string;
  skillHash?: string;
  /**
   * What the certification rests on. Skill: the id and payload hash of each sign-off entry that
   * signed off the four steps, and the quiz results. Course: the ids and payload hashes of the
   * skill certifications. Removing or altering any of them is detected.
   */
  rests: { entries: { id: string; hash: string }[]; quizzes: QuizEvidence[] };
  /** When the certification was signed (ISO date-time, UTC). */
  certifiedAt: string;
  /** When it must be renewed (ISO date-time), or absent when the course sets no expiry. */
  expiresAt?: string;
  trainer: TrainerRef;
  /**
   * Scope "course" only: the course certificate signed with it (compact JWS,
   * lib/trust/certification/course-certificate.ts), small enough for the transcript's QR code.
   */
  certificate?: string;
}

/** The signed progress bundle: one trainee's whole record (docs/export-format.md). */
export interface ProgressBundle {
  format: 'tandem-progress-bundle';
  version: 1;
  exportedAt: string;
  /** Whose device made the file; it does not change what is trusted. */
  exportedFrom: 'trainee' | 'trainer';
  course: {
    id: string;
    title: string;
    /** Hash of the course manifest's skills and quizzes. */ contentVersion: string;
  };
  /**
   * Whose record it is. `key`: the public key of the trainee's own key (the private one never
   * leaves their device); entries bound to a trainee key must name its thumbprint. Absent for a
   * trainee without a key (records made before trainee keys).
   */
  trainee: { id: string; name: string; key?: PublicJwk };
  lessons: Record<string, LessonProgress>;
  quizAttempts: Record<string, QuizAttempt[]>;
  /** Sign-off entries (compact JWS), oldest first. */
  entries: string[];
  /** Certification entries (compact JWS), skill ones before the course one. */
  certifications: string[];
  /**
   * The trainee's acknowledgements (compact JWS signed with their key) of entries made for it.
   * Absent when there are none, so such a bundle reads on verifiers made before them.
   */
  acknowledgements?: string[];
}

export type { SignoffPayload, Step };

/**
 * A trainee's record after verification: only what verified, ready for the export formats
 * (CSV, xAPI, Open Badges, certificate). `verifyBundle` produces it; the formatters take it.
 */
export interface TraineeRecord {
  course: {
    id: string;
    title: string;
    organisation: string;
    /** Public URL of the site, when known (for xAPI ids and badges). */ url?: string;
  };
  /** The name in the newest valid signed entry; the file's own (unsigned) when `nameSigned` is false. */
  trainee: {
    id: string;
    name: string;
    nameSigned?: boolean;
    /** Thumbprint of the record's trainee key, when it carries one (bound entries name it). */
    kid?: string | undefined;
    /** That key's public half, for the formats that carry the acknowledgements checked with it. */
    key?: PublicJwk;
  };
  skills: { id: string; title: string; required: boolean }[];
  /** Lesson id → title and progress. */
  lessons: Record<string, LessonProgress & { title: string }>;
  quizAttempts: Record<string, QuizAttempt[]>;
  /**
   * Valid sign-off entries, oldest first, with the flags a reader must see, and the entry as
   * signed (compact JWS) for the formats that carry it (xAPI statements).
   */
  signoffs: {
    payload: SignoffPayload;
    demo: boolean;
    earlierVersion: boolean;
    jws?: string | undefined;
    /**
     * The trainee's valid acknowledgement of this entry (the second signature): when and what
     * they signed, and the acknowledgement as signed. Absent: not acknowledged, or single-signed
     * (`payload.trainee.kid` absent).
     */
    ack?: { at: string; statement: string; jws: string } | undefined;
  }[];
  /** Valid certification entries (skill ones, then the course one). */
  certifications: { payload: CertificationPayload; demo: boolean; expired: boolean; jws?: string | undefined }[];
}
