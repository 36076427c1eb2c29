// Realistic Chinese personal names for demo people: Han names from common
// surnames (weighted roughly by frequency, with 马 as common as it is among the
// Hui of Changji) and given-name characters, plus Uyghur and Kazakh names in
// the usual transliterated "given·father" form.
import type { Random } from './random.ts';

// Surnames, most common first; weights fall off with rank.
const SURNAMES = [
	'王', '李', '张', '刘', '陈', '杨', '马', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '郭', '何',
	'罗', '林', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '田', '董', '袁', '潘',
	'于', '蒋', '蔡', '余', '杜', '叶', '程', '苏', '魏', '吕', '丁', '任', '沈', '姚', '卢', '姜', '崔', '钟',
	'谭', '陆', '汪', '范', '金', '石', '廖', '贾', '夏', '付', '方', '白', '邹', '孟', '熊', '秦', '邱', '江',
	'尹', '薛', '闫', '段', '雷', '侯', '龙', '史', '陶', '贺', '顾', '毛', '郝', '龚', '邵', '万', '钱', '严',
	'武', '戴', '孔', '向', '常', '汤', '康', '易', '乔', '赖', '文', '牛', '樊', '葛', '安', '齐', '祁', '冶'
];
const SURNAME_WEIGHTS = SURNAMES.map((s, i) => (s === '马' ? 6 : 1) * (40 / (i + 8)));

const MALE_CHARS = [
	'伟', '强', '磊', '军', '勇', '杰', '涛', '斌', '超', '明', '刚', '平', '辉', '鹏', '华', '飞', '鑫', '波',
	'宁', '浩', '凯', '健', '俊', '帆', '峰', '建', '国', '新', '志', '文', '永', '海', '东', '兵', '林', '亮',
	'博', '宇', '晨', '阳', '成', '振', '兴', '荣', '德', '胜', '学', '春', '忠', '祥', '瑞', '龙', '江', '彬'
];
const FEMALE_CHARS = [
	'芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '燕', '玲', '婷', '雪', '琳', '晶', '慧', '颖', '倩', '洁',
	'红', '梅', '萍', '琴', '莉', '兰', '云', '秀', '英', '华', '春', '丹', '佳', '欣', '悦', '薇', '月', '蓉',
	'晓', '文', '雅', '淑', '珍', '凤', '桂', '琼', '宁', '璐', '瑶', '婧', '蕾', '妍', '思', '梦', '露', '楠'
];

// Uyghur and Kazakh given names, as they are written in Chinese.
const MINORITY_MALE = [
	'艾力', '买买提', '吐尔逊', '阿不都', '努尔兰', '叶尔兰', '热合曼', '阿迪力', '别克', '叶尔江',
	'达吾列提', '赛力克', '努尔波拉提', '艾尔肯', '帕尔哈提', '阿力木', '吾斯曼', '哈力木', '卡德尔', '加玛力'
];
const MINORITY_FEMALE = [
	'阿依古丽', '古丽娜尔', '热依拉', '迪丽努尔', '阿娜尔', '古丽米拉', '玛依拉', '加娜尔', '阿依努尔',
	'沙吾列', '努尔加马丽', '帕提曼', '再努尔', '阿丽米热', '古丽巴哈尔', '阿克邦'
];

export type Gender = 'm' | 'f';

/** One person's name; about 12% are Uyghur or Kazakh names. */
export function personName(rng: Random, gender: Gender = rng.chance(0.5) ? 'm' : 'f'): string {
	if (rng.chance(0.12)) {
		const given = rng.pick(gender === 'm' ? MINORITY_MALE : MINORITY_FEMALE);
		return `${given}·${rng.pick(MINORITY_MALE)}`;
	}
	const surname = SURNAMES[rng.weighted(SURNAME_WEIGHTS)];
	const chars = gender === 'm' ? MALE_CHARS : FEMALE_CHARS;
	// About a third of given names have one character (王伟), the rest two (王建国).
	if (rng.chance(0.32)) return surname + rng.pick(chars);
	let second = rng.pick(chars);
	const first = rng.pick(chars);
	while (second === first) second = rng.pick(chars);
	return surname + first + second;
}

const MOBILE_PREFIXES = ['130', '131', '133', '135', '136', '138', '139', '150', '151', '152', '155', '158', '159', '177', '180', '181', '187', '189', '199'];

/** A mobile number of the usual 11-digit shape (made up; about one person in ten has none on file). */
export function phoneNumber(rng: Random): string {
	if (rng.chance(0.1)) return '';
	let rest = '';
	for (let i = 0; i < 8; i++) rest += rng.int(0, 9);
	return rng.pick(MOBILE_PREFIXES) + rest;
}
