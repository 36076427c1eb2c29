import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bankExport, bankTemplate } from './sheet.ts';
import { readBank } from './read.ts';
import { validateRows } from './rows.ts';
import { MAX_OPTIONS, type QuestionInput } from './types.ts';

// Texts as a lecturer types them: trimmed, no control characters, CJK and ASCII mixed.
const text = (max: number) =>
	fc
		.string({
			unit: fc.constantFrom(...'党的建设理论学习abcXYZ 0123,.?！“”\n（）'.split('')),
			minLength: 1,
			maxLength: max
		})
		.map((s) => s.trim())
		.filter((s) => s !== '');
const tag = fc.string({
	unit: fc.constantFrom(...'党史理论基础abc12'.split('')),
	minLength: 1,
	maxLength: 6
});

const question: fc.Arbitrary<QuestionInput> = fc
	.oneof(
		fc.record({ correct: fc.boolean() }).map(({ correct }) => ({
			kind: 'truefalse' as const,
			options: ['正确', '错误'],
			answer: [correct ? 0 : 1]
		})),
		fc.uniqueArray(text(40), { minLength: 2, maxLength: MAX_OPTIONS }).chain((options) =>
			fc.oneof(
				fc
					.nat({ max: options.length - 1 })
					.map((a) => ({ kind: 'single' as const, options, answer: [a] })),
				fc
					.uniqueArray(fc.nat({ max: options.length - 1 }), {
						minLength: 1,
						maxLength: options.length
					})
					.map((a) => ({ kind: 'multiple' as const, options, answer: a.sort((x, y) => x - y) }))
			)
		)
	)
	.chain((q) =>
		fc
			.record({
				stem: text(200),
				explanation: fc.oneof(fc.constant(''), text(200)),
				tags: fc.uniqueArray(tag, { maxLength: 10 }),
				difficulty: fc.integer({ min: 1, max: 5 })
			})
			.map((rest) => ({ ...q, ...rest, shared: false }))
	);

describe('bank sheet', () => {
	it('export → import round-trips any valid bank', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(question, { minLength: 1, maxLength: 8 }), async (bank) => {
				const bytes = new Uint8Array(await bankExport(bank));
				const read = await readBank(bytes, 'export.xlsx');
				expect(read.ok).toBe(true);
				if (!read.ok) return;
				const { valid, errors } = validateRows(read.rows);
				expect(errors).toEqual([]);
				expect(valid).toEqual(bank);
			}),
			{ numRuns: 40 }
		);
	});

	it('the template itself imports cleanly (its examples are valid)', async () => {
		const read = await readBank(new Uint8Array(await bankTemplate()), '题库模板.xlsx');
		expect(read.ok && validateRows(read.rows).errors).toEqual([]);
		expect(read.ok && read.rows.length).toBe(3);
	});

	it('refuses files that are not a usable xlsx', async () => {
		const code = async (bytes: Uint8Array, name = 'x.xlsx') => {
			const r = await readBank(bytes, name);
			return r.ok ? 'ok' : r.error.code;
		};
		expect(await code(new TextEncoder().encode('题型,题干\n单选题,x'), 'bank.csv')).toBe(
			'unsupported_type'
		);
		expect(await code(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toBe('unreadable');
		expect(await code(new Uint8Array())).toBe('empty_file');
		expect(await code(new Uint8Array(await bankExport([])))).toBe('empty_file');
	});

	it('refuses a sheet without the needed header columns, and more than 2,000 rows', async () => {
		const sheet = async (header: string[], rows: string[][]) => {
			const wb = new ExcelJS.Workbook();
			const ws = wb.addWorksheet('题库');
			ws.addRow(header);
			for (const r of rows) ws.addRow(r);
			return new Uint8Array(await wb.xlsx.writeBuffer());
		};
		const noAnswer = await readBank(
			await sheet(['题型', '题干', '选项A', '选项B'], [['单选题', 'x', '1', '2']]),
			'a.xlsx'
		);
		expect(noAnswer).toEqual({
			ok: false,
			error: { code: 'missing_header', params: { columns: '答案' } }
		});
		const header = ['题型', '题干', '选项A', '选项B', '答案'];
		const many = await readBank(
			await sheet(
				header,
				Array.from({ length: 2001 }, (_, i) => ['判断题', `第${i}题`, '', '', '对'])
			),
			'a.xlsx'
		);
		expect(many).toEqual({
			ok: false,
			error: { code: 'too_many_rows', params: { max: 2000, rows: 2001 } }
		});
		const titled = await readBank(
			await sheet(
				['试题导入模板（请勿删除表头）'],
				[header, ['判断题', '标题行下面', '', '', '错'], ['判断题', '第二题', '', '', '对']]
			),
			'a.xlsx'
		);
		expect(titled.ok && titled.rows.map((r) => r.row)).toEqual([3, 4]);
		const enough = await readBank(
			await sheet(
				['*题型', '题干（必填）', 'A', 'B', '正确答案'],
				[['单选题', 'x', '1', '2', 'B']]
			),
			'a.xlsx'
		);
		expect(enough.ok && validateRows(enough.rows).valid.map((q) => q.answer)).toEqual([[1]]);
	});
});
