/** The glossary of the report's terms (views/glossary.ejs): the same for everyone, no sign-in needed. */
import { Router } from 'express';
import { WORK_TREND_INDEX_2026, WORK_TREND_INDEX_CAVEAT } from '../../references/work-trend-index.js';

export function createGlossaryRouter(): Router {
  const router = Router();
  router.get('/glossary', (_req, res) => {
    res.render('glossary', {
      title: 'Glossary',
      reference: { wti: WORK_TREND_INDEX_2026, caveat: WORK_TREND_INDEX_CAVEAT },
    });
  });
  return router;
}
