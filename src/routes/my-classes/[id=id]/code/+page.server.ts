import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { personalPayload } from '$lib/server/classes/screen';
import { requireTrainee } from '../../trainee.server';

export const load: PageServerLoad = async (event) => {
	const { user, cls } = await requireTrainee(event);
	return {
		cls: { id: cls.id, title: cls.title },
		name: user.name,
		employeeNo: user.employeeNo,
		code: await personalPayload(db(), cls.id, user.id)
	};
};
