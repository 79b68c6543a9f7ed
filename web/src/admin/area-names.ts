import { api, type Area } from '../shared/api';

// Area names for people: "Xã Tân Sơn, Phú Thọ". Looked up once per code while the page is open.

const cache = new Map<string, Promise<Area | null>>();

function areaOf(code: string): Promise<Area | null> {
  let found = cache.get(code);
  if (!found) {
    found = api.area(code).catch(() => null);
    cache.set(code, found);
  }
  return found;
}

export async function areaLabel(
  area: Pick<Area, 'code' | 'name' | 'level' | 'provinceCode'>,
): Promise<string> {
  if (area.level === 'province') return area.name;
  const province = await areaOf(area.provinceCode);
  return province ? `${area.name}, ${province.name}` : area.name;
}

export async function areaLabelOf(code: string): Promise<string> {
  const area = await areaOf(code);
  return area ? areaLabel(area) : code;
}
