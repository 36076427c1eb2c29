import { describe, expect, it } from 'vitest';
import { sniffPhoto } from './photo.ts';
import { splitTopics, validateLecturer } from './validate.ts';
import { validateSite } from '../sites/validate.ts';
import { parseFlag } from '../org/roster-import/columns.ts';

const base = {
	external: true,
	employeeNo: '',
	name: '张老师',
	level: 'county',
	organisation: '',
	title: '',
	topics: '',
	bio: ''
};

describe('pool input', () => {
	it('splits topics on Chinese and Latin separators, trimmed and once each', () => {
		expect(splitTopics(' 基层治理，乡村振兴、 基层治理;法治\n民族团结 ,')).toEqual([
			'基层治理',
			'乡村振兴',
			'法治',
			'民族团结'
		]);
	});

	it('needs an employee number for a staff lecturer only', () => {
		expect(validateLecturer({ ...base, external: false })).toEqual({
			ok: false,
			errors: [{ field: 'employeeNo', code: 'required' }]
		});
		expect(validateLecturer(base)).toMatchObject({ ok: true, value: { employeeNo: null } });
		const many = Array.from({ length: 21 }, (_, i) => `专题${i}`).join(',');
		expect(validateLecturer({ ...base, topics: many })).toMatchObject({
			ok: false,
			errors: [{ field: 'topics', code: 'too_many' }]
		});
	});

	it('knows a photo by its bytes', () => {
		expect(sniffPhoto(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpg');
		expect(sniffPhoto(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(
			'png'
		);
		expect(sniffPhoto(new TextEncoder().encode('GIF89a'))).toBeNull();
		expect(sniffPhoto(new TextEncoder().encode('<svg/>'))).toBeNull();
	});

	it('takes a capacity as a whole number in range (full-width digits too) or empty', () => {
		const site = {
			kind: 'base',
			name: '基地',
			level: 'region',
			address: '',
			theme: '',
			contact: ''
		};
		expect(validateSite({ ...site, capacity: '１２０' })).toMatchObject({
			ok: true,
			value: { capacity: 120 }
		});
		expect(validateSite({ ...site, capacity: '' })).toMatchObject({
			ok: true,
			value: { capacity: null }
		});
		for (const bad of ['0', '-3', '1.5', '100001', 'abc'])
			expect(validateSite({ ...site, capacity: bad }).ok).toBe(false);
	});

	it('reads the roster flag as 是/否', () => {
		expect(['是', 'Yes', ' y ', '1', '否', 'no', '0', '', '也许'].map(parseFlag)).toEqual([
			true,
			true,
			true,
			true,
			false,
			false,
			false,
			null,
			undefined
		]);
	});
});
