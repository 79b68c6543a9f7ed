import { expect } from 'chai';
import {
  canManageUser,
  isStrictlyBelow,
  isWithinScope,
  scopeFilter,
  SYSTEM_ACTOR,
  type Actor,
  type Role,
  type Scope,
} from '../../../src/users/roles';

// Areas of the fixture list, plus one commune of a two-level (2025) list.
const P25: Scope = {
  code: '25',
  level: 'province',
  provinceCode: '25',
  districtCode: null,
  communeCode: null,
};
const P01: Scope = {
  code: '01',
  level: 'province',
  provinceCode: '01',
  districtCode: null,
  communeCode: null,
};
const D227: Scope = {
  code: '227',
  level: 'district',
  provinceCode: '25',
  districtCode: '227',
  communeCode: null,
};
const D228: Scope = {
  code: '228',
  level: 'district',
  provinceCode: '25',
  districtCode: '228',
  communeCode: null,
};
const D001: Scope = {
  code: '001',
  level: 'district',
  provinceCode: '01',
  districtCode: '001',
  communeCode: null,
};
const C07888: Scope = {
  code: '07888',
  level: 'commune',
  provinceCode: '25',
  districtCode: '227',
  communeCode: '07888',
};
const C07891: Scope = { ...C07888, code: '07891', communeCode: '07891' };
const C07942: Scope = {
  code: '07942',
  level: 'commune',
  provinceCode: '25',
  districtCode: '228',
  communeCode: '07942',
};
const C00001: Scope = {
  code: '00001',
  level: 'commune',
  provinceCode: '01',
  districtCode: '001',
  communeCode: '00001',
};
const C2025: Scope = {
  code: '08020',
  level: 'commune',
  provinceCode: '25',
  districtCode: null,
  communeCode: '08020',
};

describe('isWithinScope', () => {
  const cases: [string, Scope | null, Scope, boolean][] = [
    ['the nation (null)', null, C00001, true],
    ['province 25', P25, P25, true],
    ['province 25', P25, D227, true],
    ['province 25', P25, C07942, true],
    ['province 25', P25, C2025, true],
    ['province 25', P25, P01, false],
    ['province 25', P25, D001, false],
    ['province 25', P25, C00001, false],
    ['district 227', D227, D227, true],
    ['district 227', D227, C07888, true],
    ['district 227', D227, P25, false],
    ['district 227', D227, D228, false],
    ['district 227', D227, C07942, false],
    ['district 227', D227, C2025, false],
    ['district 001', D001, C07888, false],
    ['commune 07888', C07888, C07888, true],
    ['commune 07888', C07888, C07891, false],
    ['commune 07888', C07888, D227, false],
    ['commune 07888', C07888, P25, false],
    ['commune 07888', C07888, C00001, false],
  ];
  for (const [name, scope, path, expected] of cases) {
    it(`when the scope is ${name} and the area is ${path.code}, then it answers ${expected}`, () => {
      const result = isWithinScope(scope, path);

      expect(result).to.equal(expected);
    });
  }
});

describe('isStrictlyBelow', () => {
  const cases: [string, Scope | null, Scope | null, boolean][] = [
    ['the nation', null, P25, true],
    ['the nation', null, null, false],
    ['province 25', P25, null, false],
    ['province 25', P25, P25, false],
    ['province 25', P25, P01, false],
    ['province 25', P25, D227, true],
    ['province 25', P25, C07888, true],
    ['province 25', P25, C2025, true],
    ['province 25', P25, D001, false],
    ['district 227', D227, D227, false],
    ['district 227', D227, D228, false],
    ['district 227', D227, P25, false],
    ['district 227', D227, C07888, true],
    ['district 227', D227, C07942, false],
    ['commune 07888', C07888, C07888, false],
  ];
  for (const [name, outer, inner, expected] of cases) {
    it(`when the outer scope is ${name} and the inner is ${inner?.code ?? 'null'}, then it answers ${expected}`, () => {
      const result = isStrictlyBelow(outer, inner);

      expect(result).to.equal(expected);
    });
  }
});

describe('scopeFilter', () => {
  const cases: [string, Scope | null, string | undefined, Record<string, string>][] = [
    ['the nation', null, undefined, {}],
    ['a province', P25, undefined, { 'area.provinceCode': '25' }],
    ['a district', D227, undefined, { 'area.provinceCode': '25', 'area.districtCode': '227' }],
    ['a commune', C07888, undefined, { 'area.provinceCode': '25', 'area.communeCode': '07888' }],
    [
      'a commune of a two-level list',
      C2025,
      undefined,
      { 'area.provinceCode': '25', 'area.communeCode': '08020' },
    ],
    [
      'a district, on another field',
      D227,
      'scope',
      { 'scope.provinceCode': '25', 'scope.districtCode': '227' },
    ],
  ];
  for (const [name, scope, field, expected] of cases) {
    it(`when the scope is ${name}${field ? ` and the field is "${field}"` : ''}, then the filter is ${JSON.stringify(expected)}`, () => {
      const result = scopeFilter(scope, field);

      expect(result).to.deep.equal(expected);
    });
  }
});

describe('canManageUser', () => {
  const actor = (role: Role, scope: Scope | null): Actor => ({ id: 'a1', username: 'a', role, scope });
  const actors: Record<string, Actor> = {
    'admin (nation)': actor('admin', null),
    'official of province 25': actor('official', P25),
    'official of district 227': actor('official', D227),
    'commune staff of 07888': actor('commune_staff', C07888),
    'installer of province 25': actor('installer', P25),
  };
  const targets: Record<string, { role: Role; scope: Scope | null }> = {
    'admin (nation)': { role: 'admin', scope: null },
    'admin of province 25': { role: 'admin', scope: P25 },
    'official of province 25': { role: 'official', scope: P25 },
    'official of province 01': { role: 'official', scope: P01 },
    'official of district 227': { role: 'official', scope: D227 },
    'official of district 228': { role: 'official', scope: D228 },
    'official of district 001': { role: 'official', scope: D001 },
    'official without an area': { role: 'official', scope: null },
    'commune staff of 07888': { role: 'commune_staff', scope: C07888 },
    'commune staff of 07942': { role: 'commune_staff', scope: C07942 },
    'commune staff of 00001': { role: 'commune_staff', scope: C00001 },
    'commune staff of two-level 08020': { role: 'commune_staff', scope: C2025 },
    'installer of province 25': { role: 'installer', scope: P25 },
    'installer of province 01': { role: 'installer', scope: P01 },
  };
  // The targets each actor may manage; every other pair answers false.
  const allowed: Record<string, string[]> = {
    'admin (nation)': Object.keys(targets),
    'official of province 25': [
      'official of district 227',
      'official of district 228',
      'commune staff of 07888',
      'commune staff of 07942',
      'commune staff of two-level 08020',
      'installer of province 25',
    ],
    'official of district 227': ['commune staff of 07888'],
    'commune staff of 07888': [],
    'installer of province 25': [],
  };
  for (const [actorName, a] of Object.entries(actors)) {
    for (const [targetName, target] of Object.entries(targets)) {
      const want = allowed[actorName].includes(targetName);
      it(`when the ${actorName} manages the ${targetName}, then it answers ${want}`, () => {
        const result = canManageUser(a, target);

        expect(result).to.equal(want);
      });
    }
  }

  it('when the actor is the system actor of scripts, then it may manage anyone', () => {
    const result = canManageUser(SYSTEM_ACTOR, { role: 'admin', scope: null });

    expect(result).to.equal(true);
  });
});

describe('scopes with a missing path field fail safe', () => {
  const district = {
    code: '227',
    level: 'district' as const,
    provinceCode: '25',
    districtCode: null,
    communeCode: null,
  };
  const commune = {
    code: '07888',
    level: 'commune' as const,
    provinceCode: '25',
    districtCode: null,
    communeCode: null,
  };

  it('when a district scope lacks districtCode, then it still filters on the district code, not the whole province', () => {
    expect(scopeFilter(district)).to.deep.equal({ 'area.provinceCode': '25', 'area.districtCode': '227' });
    expect(
      isWithinScope(district, { provinceCode: '25', districtCode: '228', communeCode: '07942' }),
    ).to.equal(false);
  });

  it('when a commune scope lacks communeCode, then it still filters on the commune code', () => {
    expect(scopeFilter(commune)).to.deep.equal({ 'area.provinceCode': '25', 'area.communeCode': '07888' });
    expect(
      isWithinScope(commune, { provinceCode: '25', districtCode: '227', communeCode: '07891' }),
    ).to.equal(false);
  });
});
