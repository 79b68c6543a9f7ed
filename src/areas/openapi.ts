import { operation, page, type PathItems } from '../openapi/describe';
import { areaCodeParams, listAreasQuery, setProgrammeBody, setTargetsBody } from './schemas';

const ALL = ['admin', 'official', 'commune_staff', 'installer'] as const;

export const areaApiPaths: PathItems = {
  '/': {
    get: operation({
      summary: 'Provinces, districts and communes; q searches names with or without diacritics',
      roles: ALL,
      query: listAreasQuery,
      responses: { 200: page('Area') },
    }),
  },
  '/{code}': {
    get: operation({
      summary: 'One area with the number of districts and communes below it',
      roles: ALL,
      params: areaCodeParams,
      responses: { 200: 'AreaDetail' },
      errors: [404],
    }),
  },
  '/{code}/targets': {
    put: operation({
      summary: 'Set a commune’s official targets (poor, near-poor, list year) and default receiver type',
      roles: ['admin', 'official'],
      params: areaCodeParams,
      body: setTargetsBody,
      responses: { 200: 'Area' },
      errors: [404, 422],
    }),
  },
  '/{code}/programme': {
    put: operation({
      summary: 'Set a province’s analog switch-off date (admin or an official of that province)',
      roles: ['admin', 'official'],
      params: areaCodeParams,
      body: setProgrammeBody,
      responses: { 200: 'Area' },
      errors: [404, 422],
    }),
  },
};
