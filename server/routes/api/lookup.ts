/**
 * The organization and survey of an API path, as the token's owner may see them: anything else (another
 * consultant's client, another organization's survey, a slug that does not exist) is the same 404, so a
 * token learns nothing about what it may not see. The staff pages resolve theirs the same way
 * (routes/staff/organizations.ts).
 */
import { NotFoundError } from '../../errors.js';
import type { Organization, OrganizationService } from '../../services/organizations.js';
import type { Survey, SurveyService } from '../../services/surveys.js';
import type { StaffUser } from '../../services/users.js';

export async function visibleOrganization(
  organizations: Pick<OrganizationService, 'findVisible'>,
  user: StaffUser,
  slug: string,
): Promise<Organization> {
  const org = await organizations.findVisible(user, slug);
  if (!org) throw new NotFoundError(`There is no organization “${slug}” that this token may see.`);
  return org;
}

export async function visibleSurvey(
  organizations: Pick<OrganizationService, 'findVisible'>,
  surveys: Pick<SurveyService, 'find'>,
  user: StaffUser,
  params: { org: string; survey: number },
): Promise<{ org: Organization; survey: Survey }> {
  const org = await visibleOrganization(organizations, user, params.org);
  const survey = await surveys.find(org.id, params.survey);
  if (!survey) throw new NotFoundError(`There is no survey ${params.survey} in “${org.slug}” that this token may see.`);
  return { org, survey };
}
