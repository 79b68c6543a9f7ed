import { expect } from 'chai';
import { Router } from 'express';
import { apiRouter, routesOf } from '../../../src/http/api-router';

describe('apiRouter', () => {
  it('when routes are registered, then each is listed with its method and path in OpenAPI form', () => {
    const router = apiRouter();
    const handler = () => undefined;

    router.get('/', handler);
    router.post('/:id/photo', handler, handler);
    router.put('/targets', handler);
    router.patch('/:deliveryId', handler);
    router.delete('/:id', handler);

    expect(routesOf(router)).to.deep.equal([
      'GET ',
      'POST /{id}/photo',
      'PUT /targets',
      'PATCH /{deliveryId}',
      'DELETE /{id}',
    ]);
  });

  it('when two routers register routes, then each lists only its own, and registration chains', () => {
    const first = apiRouter();
    const second = apiRouter();

    first.get('/a', () => undefined).post('/b', () => undefined);
    second.get('/c', () => undefined);

    expect(routesOf(first)).to.deep.equal(['GET /a', 'POST /b']);
    expect(routesOf(second)).to.deep.equal(['GET /c']);
  });

  it('when a router was not made by apiRouter, then it lists nothing (null)', () => {
    expect(routesOf(Router())).to.equal(null);
  });
});
