/** Builds the home view from the features' sections, in a fixed order. */
import type { Db } from '../../db/client.js';
import type { Block } from '../core/types.js';
import type { HomeSection, HomeViewer } from '../core/home.js';
import { t } from '../i18n/messages.js';
import { recentQuestionsSection } from './recent-questions.js';
import { openEscalationsSection } from './open-escalations.js';
import { pendingSurveysSection } from './pending-surveys.js';
import { adoptionSnapshotSection } from './adoption-snapshot.js';

export function defaultHomeSections(db: Db, secret: string): HomeSection[] {
  return [recentQuestionsSection(db), openEscalationsSection(db), pendingSurveysSection(db, secret), adoptionSnapshotSection(db)];
}

export async function buildHome(sections: HomeSection[], viewer: HomeViewer): Promise<Block[]> {
  const { lang } = viewer;
  const rendered = await Promise.all(sections.map(async (section) => ({ section, blocks: await section.render(viewer) })));
  const blocks: Block[] = [
    { kind: 'heading', text: t(lang, 'home.title') },
    { kind: 'text', text: t(lang, 'home.intro') },
    { kind: 'divider' },
  ];
  const lastPending = rendered.findLastIndex((r) => r.section.pending);
  const anythingPending = rendered.some((r) => r.section.pending && r.blocks.length > 0);
  rendered.forEach((r, i) => {
    blocks.push(...r.blocks);
    if (i === lastPending && !anythingPending) blocks.push({ kind: 'text', text: t(lang, 'home.nothingPending') });
  });
  return blocks;
}
