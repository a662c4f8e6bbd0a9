/** The hotline chunk (`hotline`): the operator's desk, the order page and the department / supervisor lists. */
import { providePage } from '../../router';
import { DeskPage } from './desk';
import { DepartmentOrdersPage, SuperviseOrdersPage } from './lists';
import { OrderPage } from './order';
import { addHotlineStyle } from './style';

addHotlineStyle();

providePage('/hotline', DeskPage);
providePage('/hotline/orders/:id', OrderPage);
providePage('/hotline/work', DepartmentOrdersPage);
providePage('/hotline/supervise', SuperviseOrdersPage);
