/**
 * Makes the bench customer a company administrator buying for a location, through the API
 * (POST /api/companies, POST …/locations, PUT /api/me/context), so that GET /api/me/context
 * answers a full business context: company, location, terms and permissions.
 */
export async function makeBusinessBuyer(options: { baseUrl: string; sessionToken: string }): Promise<void> {
  const company = (await send(options, 'POST', '/api/companies', { name: 'Bench SARL', kind: 'company', country: 'DE' }, 201)) as { id?: unknown };
  if (typeof company.id !== 'string') throw new Error('POST /api/companies answered 201 without an id');
  const location = (await send(options, 'POST', `/api/companies/${company.id}/locations`, { name: 'Bench warehouse' }, 201)) as { id?: unknown };
  if (typeof location.id !== 'string') throw new Error('POST …/locations answered 201 without an id');
  await send(options, 'PUT', '/api/me/context', { companyId: company.id, locationId: location.id }, 200);
}

async function send(
  options: { baseUrl: string; sessionToken: string },
  method: 'POST' | 'PUT',
  path: string,
  body: unknown,
  expectedStatus: number,
): Promise<unknown> {
  const response = await fetch(`${options.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.sessionToken}` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== expectedStatus) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}
