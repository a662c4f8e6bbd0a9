/**
 * 婚育户一件事 (marriage + birth + hukou; local, after Jinan and Quzhou; lead 民政): 结婚登记 (民政, 结婚证) →
 * {户口登记婚姻状况变更 (公安), 夫妻投靠户口迁移 (公安, optional), 生育登记 (镇（街道）便民服务中心)}
 * (domain research §2.6). The 结婚证 is the material type the birth bundle takes at intake, so a later birth case
 * of the couple finds it in their archive.
 *
 * Choices where the evidence is thin:
 * - Limits in working days: 结婚登记 1 (当场办结), 婚姻状况变更 1, 夫妻投靠迁移 3, 生育登记 1 (Zhejiang registers it
 *   at once). Promise 5 (1 + 3 on the optional path).
 * - 结婚登记 is 全国通办 since the 2025 婚姻登记条例: the 婚姻登记处 of the accepting district registers it.
 * - 婚姻状况变更 is one item for both parties, done by the police of the accepting district in the city's population
 *   register; both parties' 户籍 need not be in one district, but one of them must be in a district that joined
 *   (as in Jinan: residents only). 夫妻投靠 goes to the police of the receiving spouse's 户籍地.
 * - 生育登记 is a town (街道) service in Zhejiang: the couple chooses the town centre of their residence; the town
 *   seal's scope (servicePoints.ts) holds the item.
 * - 法定婚龄 (男22, 女20, 民法典 Art. 1047) is checked by the pre-check from the ID numbers (eligibility minAge); the
 *   婚姻登记员 judges the other conditions in person (its own seal). The pre-check also refuses a party declared
 *   有配偶, the same ID number twice and couples with neither 户籍 in a joined district.
 * - 集中授权: only 婚姻状况变更 (a record update); 结婚登记 (in person), 户口迁移 (准迁) and the town's 生育登记 are not.
 * Data only.
 */
import type { Bundle, FieldDef } from '../core/bundle.js';
import { birthRegistrationCertificate, householdMigrationRecord, maritalStatusChangeRecord, marriageDeclaration } from './lifeEventMaterialsA.js';
import { householdBook, marriageCertificate } from './materialTypes.js';

const party = [{ value: 'male', label: '男方' }, { value: 'female', label: '女方' }];
const priorStatus = [
  { value: 'unmarried', label: '未婚' }, { value: 'divorced', label: '离婚' },
  { value: 'widowed', label: '丧偶' }, { value: 'married', label: '有配偶' },
];

const fields: FieldDef[] = [
  { key: 'maleName', label: '男方姓名', type: 'text', required: true, maxLength: 30 },
  { key: 'maleIdNumber', label: '男方公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
  { key: 'maleMaritalStatus', label: '男方婚姻状况', type: 'select', required: true, options: priorStatus },
  { key: 'maleHouseholdDistrict', label: '男方户籍所在区', type: 'district', required: true },
  { key: 'femaleName', label: '女方姓名', type: 'text', required: true, maxLength: 30 },
  { key: 'femaleIdNumber', label: '女方公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
  { key: 'femaleMaritalStatus', label: '女方婚姻状况', type: 'select', required: true, options: priorStatus },
  { key: 'femaleHouseholdDistrict', label: '女方户籍所在区', type: 'district', required: true },
  { key: 'applicantPhone', label: '联系电话', type: 'phone', required: true, sensitivity: 'phone' },
  { key: 'residenceAddress', label: '现居住地址', type: 'address', required: true, maxLength: 120 },
  { key: 'birthRegistrationTown', label: '生育登记办理地（镇、街道）', type: 'department', departmentKind: 'townCenter', required: true, hint: '现居住地所在镇（街道）便民服务中心' },
  {
    key: 'plannedChildOrder', label: '登记孩次', type: 'select', required: true,
    options: [{ value: 'first', label: '一孩' }, { value: 'second', label: '二孩' }, { value: 'third', label: '三孩' }],
  },
  { key: 'migratingParty', label: '迁移方', type: 'select', required: true, options: party, hint: '投靠配偶迁入户口的一方' },
  { key: 'receivingHouseholdDistrict', label: '投靠方户籍所在区', type: 'district', required: true },
  { key: 'receivingHouseholdAddress', label: '迁入地址', type: 'address', required: true, maxLength: 120 },
  { key: 'householdHeadName', label: '迁入户户主姓名', type: 'text', required: true, maxLength: 30 },
  { key: 'deliveryMethod', label: '户口簿领取方式', type: 'select', required: true, options: [{ value: 'post', label: '邮寄送达' }, { value: 'window', label: '窗口自取' }] },
  { key: 'postalRecipient', label: '收件人', type: 'text', maxLength: 30, requiredWhen: { field: 'deliveryMethod', equals: 'post' } },
  { key: 'postalAddress', label: '邮寄地址', type: 'address', maxLength: 120, requiredWhen: { field: 'deliveryMethod', equals: 'post' } },
  { key: 'postalCode', label: '邮政编码', type: 'postalCode', requiredWhen: { field: 'deliveryMethod', equals: 'post' } },
];

const couple = ['maleName', 'maleIdNumber', 'femaleName', 'femaleIdNumber'];
const delivery = ['deliveryMethod', 'postalRecipient', 'postalAddress', 'postalCode'];
const marriageInput = { material: 'marriageCertificate', fields: ['certificateNumber', 'registeredOn'] };

export const marriageBirthHouseholdBundle: Bundle = {
  id: 'marriageBirthHousehold',
  version: 1,
  name: '婚育户一件事',
  description: '结婚登记后，户口登记婚姻状况变更、夫妻投靠户口迁移和生育登记一表申请、联动办理。',
  leadDepartment: 'civilAffairs',
  promisedDays: 5,
  fields,
  materials: [marriageDeclaration, householdBook, marriageCertificate, maritalStatusChangeRecord, householdMigrationRecord, birthRegistrationCertificate],
  intakeMaterials: ['marriageDeclaration', 'householdBook'],
  items: [
    {
      id: 'marriageRegistration',
      name: '结婚登记',
      department: 'civilAffairs',
      routing: { by: 'accepting' },
      required: true,
      fields: [...couple, 'maleMaritalStatus', 'maleHouseholdDistrict', 'femaleMaritalStatus', 'femaleHouseholdDistrict', 'applicantPhone'],
      inputs: [
        { material: 'marriageDeclaration', fields: ['signedOn', 'noSpouse', 'noProhibitedKinship'], purpose: '依据《婚姻登记条例》审查双方结婚声明' },
      ],
      outputs: ['marriageCertificate'],
      timeLimitDays: 1,
      warnRemainingDays: 0,
      countersign: false,
      seals: ['approval'],
    },
    {
      id: 'maritalStatusUpdate',
      name: '户口登记婚姻状况变更',
      department: 'police',
      routing: { by: 'accepting' },
      required: true,
      fields: [...couple, 'maleHouseholdDistrict', 'femaleHouseholdDistrict'],
      inputs: [{ ...marriageInput, purpose: '凭结婚登记变更双方户口登记项目中的婚姻状况' }],
      outputs: ['maritalStatusChangeRecord'],
      timeLimitDays: 1,
      warnRemainingDays: 0,
      countersign: false,
      seals: ['approval', 'delegated'],
    },
    {
      id: 'spouseHouseholdMigration',
      name: '夫妻投靠户口迁移',
      department: 'police',
      routing: { by: 'field', field: 'receivingHouseholdDistrict', basis: 'household' },
      required: false,
      fields: [...couple, 'migratingParty', 'receivingHouseholdDistrict', 'receivingHouseholdAddress', 'householdHeadName', 'applicantPhone', ...delivery],
      inputs: [
        { ...marriageInput, purpose: '依夫妻投靠政策核验婚姻关系' },
        { material: 'householdBook', fields: ['householdNumber', 'householdHeadName', 'address'], purpose: '核验投靠方户口' },
      ],
      outputs: ['householdMigrationRecord'],
      timeLimitDays: 3,
      warnRemainingDays: 1,
      countersign: false,
      seals: ['approval'],
    },
    {
      id: 'birthRegistration',
      name: '生育登记',
      department: 'townCenter',
      routing: { by: 'departmentField', field: 'birthRegistrationTown' },
      required: true,
      fields: [...couple, 'residenceAddress', 'birthRegistrationTown', 'plannedChildOrder', 'applicantPhone'],
      inputs: [{ ...marriageInput, purpose: '凭结婚登记办理生育登记' }],
      outputs: ['birthRegistrationCertificate'],
      timeLimitDays: 1,
      warnRemainingDays: 0,
      countersign: false,
      seals: ['approval'],
      identity: [
        { material: 'birthRegistrationCertificate', field: 'childOrder', equals: { source: 'form', field: 'plannedChildOrder' } },
      ],
    },
  ],
  eligibility: [
    { kind: 'oneOf', field: 'maleMaritalStatus', values: ['unmarried', 'divorced', 'widowed'], message: '男方有配偶的，不予办理结婚登记' },
    { kind: 'oneOf', field: 'femaleMaritalStatus', values: ['unmarried', 'divorced', 'widowed'], message: '女方有配偶的，不予办理结婚登记' },
    { kind: 'minAge', field: 'maleIdNumber.birthDate', years: 22, message: '男方未满22周岁，未到法定婚龄，不予办理结婚登记' },
    { kind: 'minAge', field: 'femaleIdNumber.birthDate', years: 20, message: '女方未满20周岁，未到法定婚龄，不予办理结婚登记' },
    { kind: 'differ', fields: ['maleIdNumber', 'femaleIdNumber'], message: '男方和女方的公民身份号码不能相同' },
    {
      kind: 'anyOf',
      message: '男女双方户籍均不在开通婚育户一件事联办的区，请到户籍地单独办理',
      rules: [
        { kind: 'districtJoined', field: 'maleHouseholdDistrict', message: '男方户籍所在区尚未开通联办' },
        { kind: 'districtJoined', field: 'femaleHouseholdDistrict', message: '女方户籍所在区尚未开通联办' },
      ],
    },
  ],
  subjects: [
    { role: 'husband', label: '男方', source: 'form', idField: 'maleIdNumber' },
    { role: 'wife', label: '女方', source: 'form', idField: 'femaleIdNumber' },
  ],
};
