/** Home section for managers and admins: how their teams use the new system. */
import type { Db } from '../../db/client.js';
import type { HomeSection } from '../core/home.js';
import { t } from '../i18n/messages.js';

export function adoptionSnapshotSection(_db: Db): HomeSection {
  return {
    name: 'adoption-snapshot',
    async render({ user, lang }) {
      if (user.role !== 'manager' && user.role !== 'admin') return [];
      return [{ kind: 'divider' }, { kind: 'heading', text: t(lang, 'home.adoption') }, { kind: 'text', text: t(lang, 'home.adoptionSoon') }];
    },
  };
}
