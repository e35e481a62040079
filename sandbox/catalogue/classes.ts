/**
 * Train classes by the letter of the train code, and the provider's trainsType codes
 * (panhe 余票查询: 高铁 1, 动车 2, 直达 3, 特快 4, 快速 5, 其他 6). C (城际) counts as 高铁, as in 12306's
 * "GC-高铁/城际" filter; codes without a G/D/C/Z/T/K letter (普快/普客 numbers, Y 旅游, S 市域, L 临客)
 * are 其他.
 */
export type TrainClass = 'G' | 'D' | 'C' | 'Z' | 'T' | 'K' | 'other';

export function trainClass(code: string): TrainClass {
  const c = code.trim().charAt(0).toUpperCase();
  return c === 'G' || c === 'D' || c === 'C' || c === 'Z' || c === 'T' || c === 'K' ? c : 'other';
}

/** EMU classes: seats with letters, 选座 supported. */
export const isEmuClass = (cls: TrainClass): boolean => cls === 'G' || cls === 'D' || cls === 'C';

/** [trainsType, trainsTypeName] per class. */
export const TRAINS_TYPE: Readonly<Record<TrainClass, [number, string]>> = {
  G: [1, '高铁'],
  C: [1, '高铁'],
  D: [2, '动车'],
  Z: [3, '直达'],
  T: [4, '特快'],
  K: [5, '快速'],
  other: [6, '其他'],
};

export function trainsTypeOf(code: string): { trainsType: number; trainsTypeName: string } {
  const [trainsType, trainsTypeName] = TRAINS_TYPE[trainClass(code)];
  return { trainsType, trainsTypeName };
}

/** Whether 选座 is offered (G/D/C trains; panhe: 目前仅支持高铁、动车类型的车次选座). */
export const supportsChooseSeat = (code: string): boolean => isEmuClass(trainClass(code));
