import { describe, expect, it } from 'vitest';
import { buildCourseModel, formatMinutes, neighbours } from '../../../src/lib/content/course';
import { lesson, validContent } from '../../fixtures/content';

function model(content = validContent()) {
  return buildCourseModel(content.course[0]!.data, content.modules, content.lessons, content.skills);
}

describe('course model', () => {
  it('orders lessons by module order then lesson order, whatever the file order', () => {
    const content = validContent();
    content.lessons.reverse();
    content.modules.reverse();
    expect(model(content).sequence.map((l) => l.id)).toEqual(['hear', 'mirror', 'outcomes']);
  });

  it('links previous and next across module boundaries, with nothing at the ends', () => {
    const m = model();
    expect(neighbours(m, 'mirror').next?.id).toBe('outcomes');
    expect(neighbours(m, 'outcomes').prev?.id).toBe('mirror');
    expect(neighbours(m, 'hear').prev).toBeUndefined();
    expect(neighbours(m, 'outcomes').next).toBeUndefined();
  });

  it('adds up minutes per module and for the course', () => {
    const content = validContent();
    content.lessons.push(lesson('long', 'answers', 2, [], 55));
    const m = model(content);
    expect(m.modules.map((x) => x.minutes)).toEqual([20, 65]);
    expect(m.totalMinutes).toBe(85);
  });

  it('knows the skills of a lesson even when only the skill lists the lesson', () => {
    const content = validContent();
    content.lessons[0]!.data.skills = [];
    expect(model(content).skillsOfLesson.get('hear')).toEqual(['active-listening']);
  });

  it('formats durations for the course map', () => {
    expect(formatMinutes(12)).toBe('12 min');
    expect(formatMinutes(60)).toBe('1 h');
    expect(formatMinutes(394)).toBe('6 h 34 min');
    expect(formatMinutes(65)).toBe('1 h 05 min');
  });
});
