import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { ownExport, wire } from '../export.server';

export const GET: RequestHandler = async (event) =>
	json(wire(await ownExport(event)), { headers: { 'cache-control': 'no-store' } });
