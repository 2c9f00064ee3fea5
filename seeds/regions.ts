/** The four pooling areas (统筹区) of the source documents (seeds/README.md in the shared folder). */
export const regionSeeds = [
  { code: '320600', name: '南通市', nameEn: 'Nantong', province: '江苏省' },
  { code: '320100', name: '南京市', nameEn: 'Nanjing', province: '江苏省' },
  { code: '350300', name: '莆田市', nameEn: 'Putian', province: '福建省' },
  { code: '421000', name: '荆州市', nameEn: 'Jingzhou', province: '湖北省' },
] as const;

export type RegionCode = (typeof regionSeeds)[number]['code'];
export const REGION_CODES: readonly RegionCode[] = regionSeeds.map((r) => r.code);
