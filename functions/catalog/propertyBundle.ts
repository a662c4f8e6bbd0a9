/**
 * 置业一件事 (lead 自然资源和规划 / 不动产登记; research §2.8, evidence thin — 二手房转移登记及水电气网联动过户):
 * 网签备案核验 (住建) → 契税申报缴纳 (税务) → 不动产转移登记 (不动产登记, issuing the 不动产权证书: electronic licence
 * at once, the paper certificate posted or collected) → 供水、供电、燃气、有线电视过户 (the public utilities).
 * Every item goes to the district where the property lies (不动产所在地).
 * Our choices where evidence is thin:
 * - The seller's current 不动产权证书 is not asked as a document: the registry holds it, so the form asks its number
 *   (and the property's 不动产单元号); the new certificate is this case's output (one material type, one producer).
 * - The utilities' transfers are optional items: not every home has gas or cable television, and the buyer may keep
 *   a utility with the seller for a while; each is chosen with its account number. They receive the new certificate's
 *   number, owner and address only. Utilities are companies, not delegating departments: their own seal only.
 * - 契税 is assessed and collected by 税务 itself (approval only); the 网签 check and the transfer registration may be
 *   handled at the 审管办 window under 集中授权 (一窗受理).
 * Limits: 网签核验 1, 契税 1 (即时), 转移登记 5 (一般登记), each utility 3 working days; the whole case 7 (the
 * required path), extended to 10 when a utility is chosen (core case.ts: the longest chosen path). Data only.
 */
import type { Bundle, FieldDef, Item } from '../core/bundle.js';
import {
  cableTvTransferRecord,
  contractFilingRecord,
  deedTaxCertificate,
  gasTransferRecord,
  powerTransferRecord,
  realEstateCertificate,
  waterTransferRecord,
} from './lifeEventMaterialsB.js';

const fields: FieldDef[] = [
  { key: 'buyerName', label: '买受人（权利人）姓名', type: 'text', required: true, maxLength: 30 },
  { key: 'buyerIdNumber', label: '买受人公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
  { key: 'buyerPhone', label: '买受人联系电话', type: 'phone', required: true, sensitivity: 'phone' },
  { key: 'sellerName', label: '出卖人姓名', type: 'text', required: true, maxLength: 30 },
  { key: 'sellerIdNumber', label: '出卖人公民身份号码', type: 'idNumber', required: true, sensitivity: 'idNumber' },
  { key: 'propertyDistrict', label: '不动产所在区', type: 'district', required: true },
  { key: 'propertyAddress', label: '不动产坐落', type: 'address', required: true, maxLength: 120 },
  { key: 'propertyUnitNumber', label: '不动产单元号', type: 'text', required: true, maxLength: 28, hint: '28位，见原不动产权证书' },
  { key: 'currentCertificateNumber', label: '原不动产权证书号', type: 'text', required: true, maxLength: 60 },
  { key: 'contractFilingNumber', label: '网签备案号', type: 'text', required: true, maxLength: 30 },
  { key: 'transactionPriceYuan', label: '成交价格（元）', type: 'amount', required: true, min: 1, max: 10000000000 },
  { key: 'floorAreaSqm', label: '建筑面积（平方米，取整）', type: 'integer', required: true, min: 1, max: 100000 },
  {
    key: 'buyerHomeCount', label: '买受人家庭住房套数（含本套）', type: 'select', required: true, hint: '确定契税适用税率',
    options: [{ value: 'first', label: '首套' }, { value: 'second', label: '第二套' }, { value: 'more', label: '三套及以上' }],
  },
  { key: 'deliveryMethod', label: '纸质证书领取方式', type: 'select', required: true, options: [{ value: 'post', label: '邮寄送达' }, { value: 'window', label: '窗口自取' }] },
  { key: 'postalRecipient', label: '收件人', type: 'text', maxLength: 30, requiredWhen: { field: 'deliveryMethod', equals: 'post' } },
  { key: 'postalAddress', label: '邮寄地址', type: 'address', maxLength: 120, requiredWhen: { field: 'deliveryMethod', equals: 'post' } },
  { key: 'postalCode', label: '邮政编码', type: 'postalCode', requiredWhen: { field: 'deliveryMethod', equals: 'post' } },
  { key: 'waterAccountNumber', label: '用水户号', type: 'text', required: true, maxLength: 30 },
  { key: 'powerAccountNumber', label: '用电户号', type: 'text', required: true, maxLength: 30 },
  { key: 'gasAccountNumber', label: '燃气户号', type: 'text', required: true, maxLength: 30 },
  { key: 'cableTvAccountNumber', label: '有线电视用户号', type: 'text', required: true, maxLength: 30 },
];

const delivery = ['deliveryMethod', 'postalRecipient', 'postalAddress', 'postalCode'];
const atProperty = { by: 'field', field: 'propertyDistrict', basis: 'property' } as const;

/** A public utility's 过户 after the transfer registration: the new owner takes the account over. */
function utilityItem(id: string, name: string, department: string, account: string, output: string): Item {
  return {
    id,
    name,
    department,
    routing: atProperty,
    required: false,
    fields: ['buyerName', 'buyerPhone', 'propertyDistrict', 'propertyAddress', account],
    inputs: [{ material: 'realEstateCertificate', fields: ['certificateNumber', 'ownerName', 'propertyAddress'], purpose: `凭不动产权证书办理${name}` }],
    outputs: [output],
    timeLimitDays: 3,
    warnRemainingDays: 1,
    countersign: false,
    seals: ['approval'],
    identity: [
      { material: output, field: 'accountNumber', equals: { source: 'form', field: account } },
      { material: output, field: 'newHolderName', equals: { source: 'realEstateCertificate', field: 'ownerName' } },
    ],
  };
}

export const propertyBundle: Bundle = {
  id: 'property',
  version: 1,
  name: '置业一件事',
  description: '网签备案核验、契税缴纳、不动产转移登记，以及供水、供电、燃气、有线电视过户一次申请、联动办理。',
  leadDepartment: 'naturalResources',
  promisedDays: 7,
  fields,
  materials: [
    contractFilingRecord, deedTaxCertificate, realEstateCertificate,
    waterTransferRecord, powerTransferRecord, gasTransferRecord, cableTvTransferRecord,
  ],
  intakeMaterials: [],
  items: [
    {
      id: 'contractFilingCheck',
      name: '网签备案核验',
      department: 'housing',
      routing: atProperty,
      required: true,
      fields: ['buyerName', 'buyerIdNumber', 'sellerName', 'sellerIdNumber', 'propertyDistrict', 'propertyAddress', 'propertyUnitNumber', 'contractFilingNumber', 'transactionPriceYuan'],
      inputs: [],
      outputs: ['contractFilingRecord'],
      timeLimitDays: 1,
      warnRemainingDays: 0,
      countersign: false,
      seals: ['approval', 'delegated'],
      identity: [
        { material: 'contractFilingRecord', field: 'filingNumber', equals: { source: 'form', field: 'contractFilingNumber' } },
        { material: 'contractFilingRecord', field: 'propertyUnitNumber', equals: { source: 'form', field: 'propertyUnitNumber' } },
      ],
    },
    {
      id: 'deedTax',
      name: '契税申报缴纳',
      department: 'tax',
      routing: atProperty,
      required: true,
      fields: ['buyerName', 'buyerIdNumber', 'buyerPhone', 'propertyDistrict', 'propertyAddress', 'floorAreaSqm', 'buyerHomeCount'],
      inputs: [
        { material: 'contractFilingRecord', fields: ['filingNumber', 'propertyUnitNumber', 'transactionPriceYuan'], purpose: '以网签备案成交价格核定契税计税依据' },
      ],
      outputs: ['deedTaxCertificate'],
      timeLimitDays: 1,
      warnRemainingDays: 0,
      countersign: false,
      seals: ['approval'],
    },
    {
      id: 'transferRegistration',
      name: '不动产转移登记',
      department: 'naturalResources',
      routing: atProperty,
      required: true,
      fields: [
        'buyerName', 'buyerIdNumber', 'buyerPhone', 'sellerName', 'sellerIdNumber', 'propertyDistrict', 'propertyAddress', 'propertyUnitNumber',
        'currentCertificateNumber', ...delivery,
      ],
      inputs: [
        { material: 'contractFilingRecord', fields: ['filingNumber', 'propertyUnitNumber', 'transactionPriceYuan'], purpose: '核验买卖合同已网签备案' },
        { material: 'deedTaxCertificate', fields: ['voucherNumber', 'paidOn'], purpose: '契税完税后方可办理转移登记（先税后证）' },
      ],
      outputs: ['realEstateCertificate'],
      timeLimitDays: 5,
      warnRemainingDays: 1,
      countersign: false,
      seals: ['approval', 'delegated'],
      identity: [
        { material: 'realEstateCertificate', field: 'ownerName', equals: { source: 'form', field: 'buyerName' } },
        { material: 'realEstateCertificate', field: 'ownerIdNumber', equals: { source: 'form', field: 'buyerIdNumber' } },
        { material: 'realEstateCertificate', field: 'propertyUnitNumber', equals: { source: 'contractFilingRecord', field: 'propertyUnitNumber' } },
        { material: 'realEstateCertificate', field: 'propertyAddress', equals: { source: 'form', field: 'propertyAddress' } },
      ],
    },
    utilityItem('waterTransfer', '供水过户', 'waterSupply', 'waterAccountNumber', 'waterTransferRecord'),
    utilityItem('powerTransfer', '供电过户', 'power', 'powerAccountNumber', 'powerTransferRecord'),
    utilityItem('gasTransfer', '燃气过户', 'gas', 'gasAccountNumber', 'gasTransferRecord'),
    utilityItem('cableTvTransfer', '有线电视过户', 'cableTv', 'cableTvAccountNumber', 'cableTvTransferRecord'),
  ],
  eligibility: [
    { kind: 'differ', fields: ['sellerIdNumber', 'buyerIdNumber'], message: '买受人与出卖人不能是同一人' },
    { kind: 'districtJoined', field: 'propertyDistrict', message: '不动产所在区尚未开通置业一件事联办，请到不动产所在地单独办理' },
  ],
  subjects: [
    { role: 'buyer', label: '买受人', source: 'form', idField: 'buyerIdNumber' },
    { role: 'seller', label: '出卖人', source: 'form', idField: 'sellerIdNumber' },
  ],
};
