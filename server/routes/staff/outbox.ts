/**
 * The Outbox page, admins only: every email the app has queued, newest first, with its status, and each
 * message as it would be (or was) sent. Without SMTP_URL nothing leaves, and this is where a newcomer
 * reads what would have been sent. A reminder's address is never shown (who is reminded is who has not
 * answered); a sent message's body is no longer kept.
 */
import { Router } from 'express';
import { requireRole } from '../../auth/require-user.js';
import { NotFoundError } from '../../errors.js';
import type { OutboxService, OutboxStatus } from '../../services/outbox.js';
import { idParam } from '../ids.js';

const STATUSES: readonly OutboxStatus[] = ['pending', 'sent', 'failed'];

export function createOutboxRouter({
  outbox,
  smtpConfigured,
}: {
  outbox: OutboxService;
  smtpConfigured: boolean;
}): Router {
  const router = Router();
  router.use('/outbox', requireRole('admin'));

  router.get('/outbox', async (req, res) => {
    const status = STATUSES.find((s) => s === req.query.status);
    res.render('staff/outbox', {
      title: 'Outbox',
      messages: await outbox.list(status),
      counts: await outbox.counts(),
      status: status ?? null,
      smtpConfigured,
      from: outbox.mailFrom,
    });
  });

  router.get('/outbox/:id', async (req, res) => {
    const message = await outbox.find(idParam(req.params.id));
    if (!message) throw new NotFoundError('There is no message at this address.');
    res.render('staff/outbox-message', { title: message.subject, message, from: outbox.mailFrom });
  });

  /** The HTML body on its own, sandboxed: no script, no form, nothing fetched but inline styles. */
  router.get('/outbox/:id/html', async (req, res) => {
    const message = await outbox.find(idParam(req.params.id));
    if (!message || message.html === '') throw new NotFoundError('There is no message at this address.');
    res
      .set('Content-Security-Policy', "sandbox; default-src 'none'; style-src 'unsafe-inline'")
      .type('html')
      .send(message.html);
  });

  return router;
}
