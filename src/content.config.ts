/**
 * Content collections. Every file under src/content is read by a loader and checked against
 * the schemas in src/lib/content/schema.ts; cross-file rules run in src/site/course.ts.
 *
 * TANDEM_CONTENT points the build at another content folder (the benchmark's generated
 * courses and the broken-content tests use it); by default it is ./src/content.
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { courseSchema, lessonSchema, moduleSchema, skillSchema, trainerSchema } from './lib/content/schema';
import { quizSchema } from './lib/quiz/schemas';

const root = (process.env.TANDEM_CONTENT || './src/content').replace(/\/+$/, '');

export const collections = {
  course: defineCollection({ loader: glob({ base: `${root}/course`, pattern: '*.yaml' }), schema: courseSchema }),
  modules: defineCollection({ loader: glob({ base: `${root}/modules`, pattern: '*.yaml' }), schema: moduleSchema }),
  lessons: defineCollection({ loader: glob({ base: `${root}/lessons`, pattern: '*.mdx' }), schema: lessonSchema }),
  skills: defineCollection({ loader: glob({ base: `${root}/skills`, pattern: '*.yaml' }), schema: skillSchema }),
  quizzes: defineCollection({ loader: glob({ base: `${root}/quizzes`, pattern: '*.yaml' }), schema: quizSchema }),
  trainers: defineCollection({ loader: glob({ base: `${root}/trainers`, pattern: '*.yaml' }), schema: trainerSchema }),
};
