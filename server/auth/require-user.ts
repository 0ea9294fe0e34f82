/**
 * Who is signed in, and who may continue. `loadUser` puts the staff member of the session (if any) on
 * `res.locals.user`; `requireUser` sends everyone else to /signin?next=…; `requireRole` answers 404
 * (not 403) to a signed-in user without the role, so pages do not reveal what exists.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { NotFoundError } from '../errors.js';
import type { Role, StaffUser, UserService } from '../services/users.js';

export function loadUser(users: UserService): RequestHandler {
  return async (req, res, next) => {
    const id = req.session?.userId;
    if (typeof id === 'number') {
      const user = await users.findById(id);
      if (user) res.locals.user = user;
      else delete req.session.userId; // the account was deleted: the session no longer signs anyone in
    }
    next();
  };
}

/** The signed-in user of a request that passed `requireUser`. */
export function currentUser(res: Response): StaffUser {
  const user = res.locals.user as StaffUser | undefined;
  if (!user) throw new Error('currentUser() called on a route without requireUser');
  return user;
}

/** Only same-site paths are accepted as `next` (no open redirect to another host). */
export function safeNext(value: unknown, fallback = '/orgs'): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : fallback;
}

export const requireUser: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
  if (res.locals.user) {
    next();
    return;
  }
  const target = req.method === 'GET' ? req.originalUrl : '/orgs';
  res.redirect(303, `/signin?next=${encodeURIComponent(target)}`);
};

export function requireRole(...roles: Role[]): RequestHandler {
  return (_req, res, next) => {
    const user = res.locals.user as StaffUser | undefined;
    if (!user || !roles.includes(user.role)) throw new NotFoundError('There is no page at this address.');
    next();
  };
}
