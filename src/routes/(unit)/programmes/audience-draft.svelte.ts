// The programme form's audience as it is being typed: the unit and people lists
// (one a line), the unit picker and the people search that add lines to them.
import type { FormValues } from './form-values';

export interface PersonHit {
	id: number;
	employeeNo: string;
	name: string;
	unitPath: string;
}

const addLine = (text: string, line: string) => (text.trim() ? `${text.trimEnd()}\n${line}` : line);

export class AudienceDraft {
	units = $state('');
	people = $state('');
	unitPick = $state('');
	query = $state('');
	hits = $state<PersonHit[] | null>(null);

	constructor(values: Pick<FormValues, 'units' | 'people'>) {
		this.units = values.units;
		this.people = values.people;
	}

	addUnit() {
		if (this.unitPick.trim()) this.units = addLine(this.units, this.unitPick.trim());
		this.unitPick = '';
	}

	addPerson(employeeNo: string) {
		this.people = addLine(this.people, employeeNo);
	}

	async search() {
		const res = await fetch(`/programmes/people?q=${encodeURIComponent(this.query)}`);
		this.hits = res.ok ? await res.json() : [];
	}
}
