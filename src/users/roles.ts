// Roles, the actor and area scope: pure rules every feature may import (STYLE §3).

export const ROLES = ['admin', 'official', 'commune_staff', 'installer'] as const;
export type Role = (typeof ROLES)[number];

export const AREA_LEVELS = ['province', 'district', 'commune'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

/** Where an area sits: its own code and the codes of the areas above it (district empty in two-level lists). */
export interface AreaPath {
  provinceCode: string;
  districtCode?: string | null;
  communeCode?: string | null;
}

export interface Scope extends AreaPath {
  level: AreaLevel;
  code: string;
}

export interface Actor {
  id: string;
  username: string;
  role: Role;
  /** null only for a nation-wide admin (and the system actor of scripts). */
  scope: Scope | null;
  /** Signed in with a reset (one-time) password: may only change it. */
  mustChangePassword?: boolean;
}

export const SYSTEM_ACTOR: Actor = { id: 'system', username: 'system', role: 'admin', scope: null };

/** The area levels each role may be scoped to (DESIGN §9). */
export const ROLE_SCOPE_LEVELS: Record<Role, readonly AreaLevel[]> = {
  admin: ['province', 'district', 'commune'],
  official: ['province', 'district'],
  commune_staff: ['commune'],
  installer: ['province'],
};

/**
 * Who runs a province's stock and batches: an admin, or an official at province level of that province
 * (a district official follows them, and the web app says so instead of offering the buttons).
 */
export function managesProvince(actor: { role: Role; scope: Scope | null }, provinceCode?: string): boolean {
  if (actor.role === 'admin') return true;
  if (actor.role !== 'official' || actor.scope?.level !== 'province') return false;
  return provinceCode === undefined || actor.scope.provinceCode === provinceCode;
}

/** True when `path` lies inside `scope` (or equals it). A null scope is the whole nation. */
export function isWithinScope(scope: Scope | null, path: AreaPath): boolean {
  if (!scope) return true;
  if (path.provinceCode !== scope.provinceCode) return false;
  if (scope.level === 'province') return true;
  // The scope's own code is the deepest level: never widen to the province when a path field is missing.
  if (scope.level === 'district') return path.districtCode === scope.code;
  return path.communeCode === scope.code;
}

const DEPTH: Record<AreaLevel, number> = { province: 1, district: 2, commune: 3 };

/** True when `inner` is inside `outer` and at a deeper level ("below them"). */
export function isStrictlyBelow(outer: Scope | null, inner: Scope | null): boolean {
  if (!inner) return false;
  if (!outer) return true;
  return DEPTH[inner.level] > DEPTH[outer.level] && isWithinScope(outer, inner);
}

/**
 * A Mongo filter restricting documents that carry an area path under `field` to the actor's scope.
 * Values are codes from our own user record, never from the request.
 */
export function scopeFilter(scope: Scope | null, field = 'area'): Record<string, string> {
  if (!scope) return {};
  const filter: Record<string, string> = { [`${field}.provinceCode`]: scope.provinceCode };
  if (scope.level === 'district') filter[`${field}.districtCode`] = scope.code;
  if (scope.level === 'commune') filter[`${field}.communeCode`] = scope.code;
  return filter;
}

/**
 * The actor's scope AND one requested area (a province, district or commune code; codes are 2, 3
 * and 5 digits): an area outside the scope matches nothing, as if it held no documents.
 */
export function areaFilter(
  scope: Scope | null,
  areaCode: string | undefined,
  field = 'area',
): Record<string, string> {
  const filter = scopeFilter(scope, field);
  if (!areaCode) return filter;
  const level =
    areaCode.length === 2 ? 'provinceCode' : areaCode.length === 3 ? 'districtCode' : 'communeCode';
  const key = `${field}.${level}`;
  const scoped = filter[key];
  filter[key] = scoped && scoped !== areaCode ? '__outside_scope__' : areaCode;
  return filter;
}

/**
 * Who may manage whom: an admin anyone; an official the commune staff and installers inside their
 * area and the officials strictly below it; nobody else. Nobody but an admin creates an admin.
 */
export function canManageUser(actor: Actor, target: { role: Role; scope: Scope | null }): boolean {
  if (actor.role === 'admin') return true;
  if (actor.role !== 'official' || target.role === 'admin' || !target.scope) return false;
  if (target.role === 'official') return isStrictlyBelow(actor.scope, target.scope);
  return isWithinScope(actor.scope, target.scope);
}
