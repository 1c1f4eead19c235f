// Knowledge tables of the RULE_BASED provider: plain data, meant to be read and
// reviewed by people who know Korean small-business marketing. Descriptions may
// use `{industry}` / `{region}` placeholders, optionally with a particle chosen by
// the final consonant: `{region|은}` gives "강남구는" but "종로는" / "성수동은".
import type { MechanicsType, Season } from '@aisvc/contracts';

export interface TrendSeed {
  readonly keyword: string;
  /** 0–1 before the small per-query adjustment. */
  readonly relevance: number;
  readonly description: string;
}

const t = (keyword: string, relevance: number, description: string): TrendSeed => ({ keyword, relevance, description });

// ---------------------------------------------------------------- industries

export type IndustryId = 'RESTAURANT' | 'CAFE' | 'BAR' | 'BEAUTY' | 'FITNESS' | 'EDUCATION' | 'RETAIL' | 'GENERIC';

export interface IndustryProfile {
  readonly id: IndustryId;
  readonly label: string;
  /** Lower-case substrings that identify the family. */
  readonly keywords: readonly string[];
  /** Whole words only: short ones that would match too much as substrings ('바', '짐'). */
  readonly words: readonly string[];
  readonly customer: string;
  readonly hero: string;
  readonly smallReward: string;
  readonly bigReward: string;
  readonly gift: string;
  readonly experience: string;
  /** What a discount applies to, and when: slow hours rather than every sale. */
  readonly discountScope: string;
  /** KRW per visit / purchase, for expected revenue. */
  readonly avgTicket: number;
  /** KRW of promotion spend per new customer, for expected new customers. */
  readonly costPerNewCustomer: number;
  /** Assumed when the store gives no monthly revenue (a medium-sized store). */
  readonly typicalMonthlyRevenue: number;
  /** Channels this industry's customers actually use, on top of the objective's. */
  readonly channels: readonly string[];
  readonly trends: readonly TrendSeed[];
  readonly seasonal: Readonly<Record<Season, TrendSeed>>;
}

export const INDUSTRIES: readonly IndustryProfile[] = [
  {
    id: 'RESTAURANT',
    label: '음식점',
    keywords: ['음식점', '식당', '한식', '중식', '중국집', '일식', '양식', '분식', '치킨', '피자', '고기', '삼겹살', '갈비', '국밥', '레스토랑', '맛집', '횟집', '초밥', '스시', '돈가스', '돈까스', '라멘', '냉면', '족발', '보쌈', '버거', '뷔페', '파스타', '김밥', '떡볶이', '찌개', '백반', '칼국수', '쌀국수', '마라', 'restaurant', 'food'],
    words: [],
    customer: '손님',
    hero: '대표 메뉴',
    smallReward: '음료 1잔',
    bigReward: '대표 메뉴 1인분 식사권',
    gift: '사이드 메뉴',
    experience: '신메뉴 시식회',
    discountScope: '평일 오후 2~5시 방문 시 대표 메뉴',
    avgTicket: 15_000,
    costPerNewCustomer: 8_000,
    typicalMonthlyRevenue: 30_000_000,
    channels: ['배달앱', '네이버 플레이스'],
    trends: [
      t('네이버 플레이스 리뷰', 0.88, '방문 전 지도 앱의 리뷰와 사진을 확인하는 손님이 대부분이라, 영수증 리뷰 수와 평점이 {industry} 선택에 큰 영향을 줍니다.'),
      t('1인 혼밥 메뉴', 0.82, '1인 가구가 늘면서 {industry}에서도 혼자 와도 부담 없는 1인 세트·반상 메뉴 수요가 꾸준히 늘고 있습니다.'),
      t('가성비 런치 세트', 0.8, '고물가로 점심 한 끼 가격에 민감해져 구성 대비 가격이 좋은 런치 세트가 인기를 끕니다.'),
      t('포장 할인·자체 주문', 0.74, '배달 수수료 부담으로 포장 주문 할인과 자체 주문 채널을 키우는 {industry|이} 늘고 있습니다.'),
      t('건강·저당 메뉴', 0.66, '저당·고단백처럼 건강을 챙기는 메뉴가 외식 선택 기준으로 자리 잡고 있습니다.'),
    ],
    seasonal: {
      봄: t('봄나물·제철 메뉴', 0.9, '달래·냉이·주꾸미 같은 봄 제철 식재료 메뉴가 계절감을 찾는 손님의 발길을 끕니다.'),
      여름: t('보양식·냉면 등 여름 별미', 0.9, '삼계탕·장어 같은 보양식과 냉면·콩국수 등 시원한 메뉴의 검색량이 크게 늘어납니다.'),
      가을: t('가을 제철 식재료', 0.9, '전어·대하·햅쌀 등 가을 제철 재료를 쓴 기간 한정 메뉴가 좋은 반응을 얻습니다.'),
      겨울: t('국물 요리·보양식', 0.9, '추운 날씨에 국물 요리와 따뜻한 보양식을 찾는 손님이 늘고, 모임 예약도 많아집니다.'),
    },
  },
  {
    id: 'CAFE',
    label: '카페',
    keywords: ['카페', '커피', '베이커리', '빵', '제과', '디저트', '케이크', '도넛', '아이스크림', '빙수', '찻집', '마카롱', '브런치', 'cafe', 'coffee', 'bakery', 'dessert'],
    words: ['티룸'],
    customer: '손님',
    hero: '시그니처 음료',
    smallReward: '아메리카노 1잔',
    bigReward: '홀케이크',
    gift: '시즌 쿠키',
    experience: '핸드드립·베이킹 원데이 클래스',
    discountScope: '평일 오후 2~5시 방문 시 시그니처 음료',
    avgTicket: 7_000,
    costPerNewCustomer: 4_000,
    typicalMonthlyRevenue: 15_000_000,
    channels: ['인스타그램'],
    trends: [
      t('시그니처 메뉴', 0.86, '다른 곳에서 맛볼 수 없는 시그니처 메뉴가 {industry} 방문의 이유가 되고 SNS 공유를 이끕니다.'),
      t('디저트 페어링', 0.78, '음료와 디저트를 함께 주문하는 세트 수요가 높아 객단가를 올리기 좋습니다.'),
      t('공간·포토존 감성', 0.76, '인테리어와 포토존이 인스타그램 게시물로 이어져 자연스러운 홍보 효과를 냅니다.'),
      t('모바일 스탬프·선주문', 0.72, '카카오톡 채널 스탬프와 스마트 주문이 익숙해져 적립형 혜택이 재방문을 이끕니다.'),
      t('디카페인·저당 옵션', 0.64, '디카페인, 대체우유, 저당 시럽 같은 선택지가 단골을 만드는 요소가 되고 있습니다.'),
    ],
    seasonal: {
      봄: t('벚꽃·딸기 시즌 음료', 0.9, '벚꽃 시즌 한정 음료와 딸기 라떼가 봄마다 가장 많이 공유되는 메뉴입니다.'),
      여름: t('빙수·아이스 음료', 0.9, '빙수와 에이드, 아이스 음료 주문이 연중 최고치를 기록하는 시기입니다.'),
      가을: t('밤·고구마 시즌 메뉴', 0.9, '밤·고구마·단호박 라떼와 구움과자가 가을 한정 메뉴로 인기를 끕니다.'),
      겨울: t('딸기 디저트·홀케이크', 0.9, '딸기 디저트 시즌과 크리스마스 케이크 예약 수요가 겹치는 성수기입니다.'),
    },
  },
  {
    id: 'BAR',
    label: '주점',
    keywords: ['주점', '술집', '호프', '포차', '이자카야', '와인', '펍', '맥주', '칵테일', '막걸리', '요리주점', 'bar', 'pub'],
    words: ['바'],
    customer: '손님',
    hero: '대표 안주',
    smallReward: '하이볼 1잔',
    bigReward: '대표 안주 1접시',
    gift: '서비스 안주',
    experience: '시즌 주류 시음회',
    discountScope: '월~수요일 오후 6~8시 입장 시 대표 안주',
    avgTicket: 35_000,
    costPerNewCustomer: 10_000,
    typicalMonthlyRevenue: 25_000_000,
    channels: ['인스타그램', '네이버 플레이스'],
    trends: [
      t('하이볼·저도주', 0.84, '가볍게 즐기는 하이볼과 저도주 수요가 커지며 {industry} 메뉴 구성의 중심이 되고 있습니다.'),
      t('단체 예약 패키지', 0.76, '인원별 정액 패키지로 예약 부담을 줄이면 회식·모임 단체 손님을 확보하기 좋습니다.'),
      t('인스타 감성 안주', 0.72, '비주얼이 좋은 안주가 SNS에 공유되며 새로운 손님을 데려옵니다.'),
      t('가볍게 1차 모임', 0.7, '짧고 가볍게 끝내는 모임 문화로 소규모·이른 시간 모임 수요가 늘었습니다.'),
      t('전통주·내추럴 와인', 0.64, '이야깃거리가 있는 전통주와 내추럴 와인이 20~30대에게 인기를 얻고 있습니다.'),
    ],
    seasonal: {
      봄: t('벚꽃 시즌 야외 테라스', 0.88, '날이 풀리면 테라스·야장 좌석과 봄 한정 칵테일을 찾는 손님이 늘어납니다.'),
      여름: t('생맥주·하이볼 성수기', 0.9, '무더운 저녁 시원한 생맥주와 하이볼 수요가 가장 높은 시기입니다.'),
      가을: t('가을 제철 안주와 전통주', 0.86, '대하·전어 같은 제철 안주와 햅쌀 막걸리가 가을 모임 메뉴로 좋습니다.'),
      겨울: t('송년회·신년회 모임', 0.92, '12~1월 송년회·신년회로 단체 예약이 몰리는 연중 최대 성수기입니다.'),
    },
  },
  {
    id: 'BEAUTY',
    label: '뷰티',
    keywords: ['미용', '헤어', '네일', '뷰티', '피부', '에스테틱', '속눈썹', '왁싱', '메이크업', '바버', '이발', '살롱', '두피', '태닝', 'beauty', 'hair', 'nail', 'salon'],
    words: [],
    customer: '고객',
    hero: '대표 시술',
    smallReward: '헤어·핸드 클리닉 1회',
    bigReward: '대표 시술 50% 이용권',
    gift: '홈케어 샘플 키트',
    experience: '퍼스널 컬러·스타일 진단 데이',
    discountScope: '평일 오전 예약 시 대표 시술',
    avgTicket: 50_000,
    costPerNewCustomer: 20_000,
    typicalMonthlyRevenue: 20_000_000,
    channels: ['네이버 예약', '인스타그램'],
    trends: [
      t('네이버 예약·리뷰', 0.88, '{industry} 고객 대부분이 네이버 예약으로 예약해, 예약 페이지의 리뷰와 시술 사진이 선택을 좌우합니다.'),
      t('비포·애프터 콘텐츠', 0.8, '시술 전후 사진과 짧은 영상이 인스타그램에서 가장 반응이 좋은 홍보 소재입니다.'),
      t('퍼스널 컬러·맞춤 진단', 0.74, '퍼스널 컬러, 두피·피부 진단처럼 나에게 맞춘 상담형 서비스가 선택 기준이 되고 있습니다.'),
      t('남성 그루밍', 0.64, '남성 고객의 펌·두피 관리·네일 케어 수요가 꾸준히 커지고 있습니다.'),
      t('홈케어 제품 연계', 0.62, '시술 후 관리 제품을 함께 제안하면 객단가와 만족도를 함께 높일 수 있습니다.'),
    ],
    seasonal: {
      봄: t('봄 컬러·웨딩 시즌 스타일링', 0.88, '밝은 봄 컬러와 결혼식·졸업식 시즌 스타일링 수요가 몰립니다.'),
      여름: t('여름 네일·두피 쿨링 케어', 0.88, '시원한 여름 네일과 땀·자외선으로 지친 두피 케어 수요가 늘어납니다.'),
      가을: t('환절기 모발·피부 케어', 0.86, '건조한 환절기에 손상 모발 클리닉과 보습 케어를 찾는 고객이 많아집니다.'),
      겨울: t('연말 모임 스타일링', 0.9, '송년회·크리스마스 모임을 앞두고 헤어·네일 스타일링 예약이 집중됩니다.'),
    },
  },
  {
    id: 'FITNESS',
    label: '피트니스',
    keywords: ['헬스', '필라테스', '요가', '피트니스', '크로스핏', '복싱', '주짓수', '태권도', '수영', '클라이밍', '스피닝', '발레', '체육관', '운동센터', 'gym', 'fitness', 'yoga', 'pilates'],
    words: ['pt', '짐'],
    customer: '회원',
    hero: '회원권',
    smallReward: '1회 무료 수업',
    bigReward: '1개월 무료 이용권',
    gift: '운동 밴드·보틀 세트',
    experience: '무료 그룹 체험 수업',
    discountScope: '이벤트 기간 안에 등록하는 3개월 회원권',
    avgTicket: 120_000,
    costPerNewCustomer: 60_000,
    typicalMonthlyRevenue: 25_000_000,
    channels: ['당근마켓', '네이버 플레이스'],
    trends: [
      t('소그룹 PT', 0.82, '1:1 PT보다 부담이 적은 2~4인 소그룹 수업이 {industry} 입문자에게 인기입니다.'),
      t('무료 체험 수업', 0.8, '등록 전 체험 수업으로 분위기와 강사를 확인하려는 고객이 많습니다.'),
      t('바디프로필·챌린지', 0.72, '목표 기간이 정해진 챌린지와 바디프로필 프로그램이 등록 동기를 만들어 줍니다.'),
      t('운동 기록 인증', 0.62, '운동 기록 앱과 오운완 인증 문화가 퍼져 출석 인증형 이벤트와 잘 맞습니다.'),
      t('중장년 건강 관리', 0.58, '중장년층의 건강 관리·재활 운동 수요가 새로운 고객층으로 떠오르고 있습니다.'),
    ],
    seasonal: {
      봄: t('여름 대비 다이어트 시작', 0.9, '날이 풀리며 여름을 대비해 운동을 시작하려는 신규 등록이 늘어납니다.'),
      여름: t('휴가 전 바디라인 관리', 0.86, '휴가와 물놀이를 앞두고 단기 집중 프로그램 수요가 높아집니다.'),
      가을: t('운동하기 좋은 계절', 0.84, '선선한 날씨로 운동을 다시 시작하는 회원이 많아 재등록을 권하기 좋습니다.'),
      겨울: t('새해 운동 결심', 0.92, '연말과 1월은 새해 결심으로 등록 문의가 일 년 중 가장 많은 시기입니다.'),
    },
  },
  {
    id: 'EDUCATION',
    label: '학원',
    keywords: ['학원', '교육', '과외', '공부방', '교습소', '영어', '수학', '코딩', '미술', '음악', '피아노', '보습', '입시', '어학', '논술', '독서실', '스터디', 'academy', 'education', 'school'],
    words: [],
    customer: '수강생',
    hero: '수강료',
    smallReward: '학습 플래너',
    bigReward: '1개월 수강료 30% 할인권',
    gift: '학습 플래너·문구 세트',
    experience: '무료 공개 수업·레벨 테스트',
    discountScope: '이벤트 기간 안에 등록하는 첫 달 수강료',
    avgTicket: 250_000,
    costPerNewCustomer: 80_000,
    typicalMonthlyRevenue: 20_000_000,
    channels: ['맘카페', '전단지'],
    trends: [
      t('레벨 테스트·무료 상담', 0.84, '등록 전 레벨 테스트와 1:1 상담으로 신뢰를 얻는 것이 {industry} 등록의 첫 단계입니다.'),
      t('학부모 커뮤니티 입소문', 0.8, '맘카페와 학부모 단톡방의 추천이 가장 강력한 홍보 채널입니다.'),
      t('소수 정예 맞춤 수업', 0.76, '학생 수가 적은 맞춤 수업을 선호하는 학부모가 늘고 있습니다.'),
      t('성적 향상 사례 공유', 0.7, '실제 성적 향상 사례와 수강 후기가 등록 결정을 좌우합니다.'),
      t('AI·코딩 특강', 0.62, 'AI와 코딩에 대한 관심이 커져 단기 특강 수요가 늘고 있습니다.'),
    ],
    seasonal: {
      봄: t('신학기 등록 시즌', 0.92, '3월 신학기에는 새 학원을 알아보는 학부모와 학생이 가장 많습니다.'),
      여름: t('여름방학 특강', 0.9, '7~8월 방학 동안 집중 특강과 선행 학습 수요가 몰립니다.'),
      가을: t('2학기 내신·수능 대비', 0.86, '2학기 중간·기말고사와 수능을 앞두고 집중 관리 수요가 높아집니다.'),
      겨울: t('겨울방학 선행 특강', 0.9, '12~2월 겨울방학은 다음 학년 선행 학습으로 신규 등록이 많은 시기입니다.'),
    },
  },
  {
    id: 'RETAIL',
    label: '소매점',
    keywords: ['의류', '패션', '옷', '소품', '편의점', '소매', '잡화', '문구', '꽃집', '플라워', '서점', '화장품', '액세서리', '마트', '슈퍼', '편집숍', '편집샵', '안경', '신발', '가방', '리빙', '셀렉트숍', '쇼핑', 'shop', 'store', 'retail', 'boutique'],
    words: [],
    customer: '고객',
    hero: '인기 상품',
    smallReward: '미니 굿즈',
    bigReward: '5만 원 상품권',
    gift: '브랜드 에코백',
    experience: '신상품 체험·스타일링 데이',
    discountScope: '평일 오후 2~5시 구매 시 인기 상품',
    avgTicket: 25_000,
    costPerNewCustomer: 8_000,
    typicalMonthlyRevenue: 20_000_000,
    channels: ['인스타그램', '매장 POP'],
    trends: [
      t('인스타그램 신상 소개', 0.8, '신상품·입고 소식을 인스타그램으로 먼저 확인하고 {industry|을} 찾는 고객이 많습니다.'),
      t('오프라인 체험형 매장', 0.74, '온라인과 달리 직접 보고 고르는 경험이 매장 방문의 이유가 되고 있습니다.'),
      t('멤버십 적립', 0.7, '구매 금액 적립과 회원 전용 혜택이 재구매를 이끄는 핵심 요소입니다.'),
      t('소량 한정판', 0.68, '소량 한정 상품과 컬래버 굿즈가 방문 동기와 구매 결정을 앞당깁니다.'),
      t('가치 소비·친환경', 0.6, '친환경 포장과 가치 소비를 중시하는 고객이 늘고 있습니다.'),
    ],
    seasonal: {
      봄: t('봄 신상·새 학기 준비', 0.88, '봄 신상품과 새 학기 준비물 수요로 매장 방문이 늘어납니다.'),
      여름: t('여름 시즌오프·휴가 준비', 0.86, '여름 시즌오프 세일과 휴가 준비물 구매가 몰리는 시기입니다.'),
      가을: t('가을 신상·추석 선물', 0.86, '가을 신상품과 추석 선물 수요가 겹쳐 객단가를 높이기 좋습니다.'),
      겨울: t('크리스마스·연말 선물', 0.92, '크리스마스와 연말 선물 수요로 일 년 중 구매가 가장 활발한 시기입니다.'),
    },
  },
  {
    id: 'GENERIC',
    label: '매장',
    keywords: [],
    words: [],
    customer: '고객',
    hero: '대표 상품·서비스',
    smallReward: '소정의 감사 선물',
    bigReward: '5만 원 이용권',
    gift: '브랜드 굿즈',
    experience: '무료 체험·상담 데이',
    discountScope: '평일 한산한 시간대 이용 시 대표 상품·서비스',
    avgTicket: 30_000,
    costPerNewCustomer: 10_000,
    typicalMonthlyRevenue: 15_000_000,
    channels: [],
    trends: [
      t('지도 앱 리뷰 관리', 0.82, '{industry}도 네이버 플레이스 같은 지도 앱의 리뷰와 사진이 첫 방문을 결정합니다.'),
      t('가성비·합리적 소비', 0.74, '고물가로 가격 대비 만족도를 따지는 소비가 늘어 혜택이 분명한 이벤트가 반응을 얻습니다.'),
      t('카카오톡 채널 단골 관리', 0.72, '카카오톡 채널로 소식과 쿠폰을 보내면 적은 비용으로 단골과 관계를 이어갈 수 있습니다.'),
      t('동네 기반 홍보', 0.7, '당근마켓 같은 동네 기반 플랫폼으로 가까운 잠재 고객에게 알리는 방식이 효과적입니다.'),
      t('짧은 영상 콘텐츠', 0.64, '인스타그램 릴스 같은 짧은 영상으로 매장과 상품을 소개하는 가게가 늘고 있습니다.'),
    ],
    seasonal: {
      봄: t('봄맞이 새 출발', 0.86, '새 출발 분위기의 봄에는 새로운 가게와 서비스를 시도해 보려는 고객이 많습니다.'),
      여름: t('여름 휴가철 수요', 0.84, '휴가철에는 생활 패턴이 바뀌어 기간 한정 혜택으로 방문을 이끌기 좋습니다.'),
      가을: t('추석·가을 나들이', 0.84, '추석 연휴와 나들이 시즌에 맞춘 혜택이 관심을 받습니다.'),
      겨울: t('연말연시 감사 이벤트', 0.88, '한 해를 마무리하는 감사 이벤트는 기존 고객과의 관계를 다지기에 좋습니다.'),
    },
  },
];

// ------------------------------------------------------------------- regions

export type AreaType = 'OFFICE' | 'CAMPUS' | 'TOURIST' | 'RESIDENTIAL' | 'TRENDY' | 'CITY' | 'RURAL' | 'GENERIC';

export interface AreaProfile {
  readonly label: string;
  readonly audience: string;
  /** What a plan does to fit this kind of area (a noun phrase). */
  readonly edge: string;
  readonly channels: readonly string[];
  readonly trends: readonly TrendSeed[];
}

export const AREAS: Readonly<Record<AreaType, AreaProfile>> = {
  OFFICE: {
    label: '오피스 상권',
    audience: '인근 직장인(25~45세)',
    edge: '점심·퇴근 시간대 중심 운영',
    channels: ['네이버 플레이스', '카카오톡 채널'],
    trends: [
      t('직장인 점심 수요', 0.84, '{region}의 오피스 밀집 지역은 평일 점심 11시 30분~13시에 수요가 집중됩니다.'),
      t('퇴근길·회식 수요', 0.72, '퇴근 시간대와 금요일 저녁에 소규모 회식·모임 수요가 생깁니다.'),
      t('평일 집중·주말 한산', 0.62, '주말에는 유동인구가 줄어 평일 중심으로 혜택을 설계하는 편이 효율적입니다.'),
    ],
  },
  CAMPUS: {
    label: '대학가 상권',
    audience: '대학생·20대 사회초년생',
    edge: '가성비 높은 참여형 혜택',
    channels: ['인스타그램', '당근마켓'],
    trends: [
      t('가성비 선호', 0.82, '{region} 대학가의 20대 고객은 가격 대비 만족도와 학생 혜택에 민감합니다.'),
      t('SNS 인증 문화', 0.78, '방문 인증과 해시태그 게시가 자연스러워 SNS 참여형 이벤트의 반응이 좋습니다.'),
      t('개강·시험기간 시즌성', 0.64, '개강(3월·9월)과 시험기간, 방학에 따라 유동인구가 크게 달라집니다.'),
    ],
  },
  TOURIST: {
    label: '관광 상권',
    audience: '국내외 관광객과 나들이객',
    edge: '지역 한정 경험과 지도 앱 노출',
    channels: ['네이버 플레이스', '인스타그램', '블로그 체험단'],
    trends: [
      t('지도 앱 검색 유입', 0.8, '관광객은 네이버 지도·구글 지도 검색으로 방문지를 고르므로 지도 앱 노출이 중요합니다.'),
      t('지역 한정 메뉴·굿즈', 0.78, '{region|을} 찾은 관광객은 이곳에서만 경험할 수 있는 한정 상품을 찾습니다.'),
      t('외국인 관광객 증가', 0.7, '외국인 관광객이 늘어 다국어 안내와 간편결제 지원이 경쟁력이 됩니다.'),
    ],
  },
  RESIDENTIAL: {
    label: '주거 상권',
    audience: '인근 주민과 가족 단위 고객(30~50대)',
    edge: '동네 단골을 만드는 꾸준한 혜택',
    channels: ['당근마켓', '카카오톡 채널', '전단지'],
    trends: [
      t('동네 기반 홍보', 0.8, '{region} 주민들은 당근마켓 동네생활과 지역 커뮤니티에서 가게 정보를 얻습니다.'),
      t('맘카페 입소문', 0.7, '지역 맘카페의 후기와 추천이 가족 단위 고객의 방문을 좌우합니다.'),
      t('주말 가족 방문', 0.66, '주말과 저녁 시간대에 가족 단위 방문이 많아 가족 구성에 맞춘 혜택이 잘 통합니다.'),
    ],
  },
  TRENDY: {
    label: '트렌드 상권',
    audience: '트렌드에 민감한 20~30대',
    edge: '지금 여기서만 가능한 한정 경험',
    channels: ['인스타그램', '블로그 체험단'],
    trends: [
      t('팝업스토어 문화', 0.84, '{region|은} 팝업스토어가 자주 열려 짧은 기간 한정 이벤트에 대한 반응이 빠릅니다.'),
      t('포토존·감성 공간', 0.76, '사진 찍기 좋은 공간이 SNS 공유로 이어져 방문을 부릅니다.'),
      t('로컬 브랜드 컬래버', 0.62, '동네 브랜드끼리 함께 만든 컬래버 상품이 화제성을 만듭니다.'),
    ],
  },
  CITY: {
    label: '도심 상권',
    audience: '지역 주민과 도심 방문객',
    edge: '주민과 방문객 모두에게 통하는 명확한 혜택',
    channels: ['네이버 플레이스', '인스타그램', '카카오톡 채널'],
    trends: [
      t('도심 번화가 유동인구', 0.72, '{region} 번화가는 주말과 저녁 시간대에 유동인구가 많습니다.'),
      t('지역 커뮤니티 입소문', 0.68, '지역 커뮤니티와 지인 추천이 새 가게를 알리는 주요 경로입니다.'),
      t('로컬 브랜드 선호', 0.6, '지역색을 살린 로컬 브랜드와 메뉴가 관심을 받고 있습니다.'),
    ],
  },
  RURAL: {
    label: '지역 소도시 상권',
    audience: '지역 주민과 방문객',
    edge: '주민과의 관계를 살린 지역 밀착 혜택',
    channels: ['카카오톡 채널', '전단지', '네이버 플레이스'],
    trends: [
      t('단골 중심 입소문', 0.78, '{region}처럼 인구가 많지 않은 지역은 단골과 입소문이 매출의 중심입니다.'),
      t('지역 특산물 활용', 0.7, '지역 특산물과 로컬 재료를 활용한 상품이 주민과 방문객 모두에게 호감을 줍니다.'),
      t('축제·관광 시즌 집중', 0.64, '지역 축제와 관광 시즌에 방문객이 몰리므로 그 기간에 맞춘 혜택이 효과적입니다.'),
    ],
  },
  GENERIC: {
    label: '생활 상권',
    audience: '인근 주민과 직장인',
    edge: '가까운 고객에게 집중하는 지역 밀착 운영',
    channels: ['네이버 플레이스', '카카오톡 채널', '인스타그램'],
    trends: [
      t('지도 앱 노출', 0.74, '{region} 인근 고객도 네이버 지도 검색으로 가게를 찾는 경우가 많아 플레이스 정보 관리가 중요합니다.'),
      t('지역 밀착 마케팅', 0.72, '가까운 고객에게 집중하는 동네 밀착형 홍보가 적은 비용으로 효과를 냅니다.'),
      t('근거리 재방문', 0.62, '가까운 곳에 사는 고객일수록 적립형 혜택으로 단골이 되기 쉽습니다.'),
    ],
  },
};

export interface KnownRegion {
  readonly name: string;
  /** Substrings of the region text; the first region with a match wins. */
  readonly keys: readonly string[];
  /** Substrings that veto a match (경기 광주시 is not 광주광역시). */
  readonly exclude?: readonly string[];
  readonly area: AreaType;
  readonly trends: readonly TrendSeed[];
}

// Seoul districts first: a city name must not shadow a more specific district.
export const KNOWN_REGIONS: readonly KnownRegion[] = [
  {
    name: '강남구', keys: ['강남', '역삼', '선릉', '삼성동', '청담', '압구정', '신사동', '논현'], area: 'OFFICE',
    trends: [
      t('테헤란로 오피스 상권', 0.86, '강남역에서 삼성역까지 이어지는 테헤란로 일대는 서울에서 직장인 유동인구가 가장 많은 곳 중 하나입니다.'),
      t('프리미엄 소비', 0.7, '청담·압구정·신사 일대는 품질과 경험에 지갑을 여는 프리미엄 소비 성향이 강합니다.'),
    ],
  },
  {
    name: '성동구', keys: ['성동', '성수', '서울숲', '왕십리', '금호동', '옥수동'], area: 'TRENDY',
    trends: [
      t('성수동 팝업 거리', 0.88, '성수동은 주말마다 브랜드 팝업스토어가 열리는 서울의 대표 트렌드 상권입니다.'),
      t('서울숲 나들이', 0.68, '서울숲을 찾는 나들이객과 반려견 동반 방문객이 꾸준히 많습니다.'),
    ],
  },
  {
    name: '마포구', keys: ['마포', '홍대', '홍익', '연남', '합정', '망원', '상수동', '공덕'], area: 'CAMPUS',
    trends: [
      t('홍대·연남동 젊은 유동인구', 0.86, '홍대입구역과 연남동 일대는 20대와 외국인 관광객이 몰리는 상권입니다.'),
      t('망원·합정 로컬 감성', 0.68, '망원시장과 합정 일대의 작은 가게들이 로컬 감성으로 주목받고 있습니다.'),
    ],
  },
  {
    name: '종로구', keys: ['종로', '익선', '북촌', '서촌', '광화문', '인사동', '삼청동', '혜화'], area: 'TOURIST',
    trends: [
      t('익선동·북촌 한옥 감성', 0.84, '익선동·북촌·서촌의 한옥 골목은 국내외 관광객이 즐겨 찾는 명소입니다.'),
      t('광화문 직장인 수요', 0.7, '광화문·종각 일대 오피스의 평일 점심과 퇴근 후 수요가 꾸준합니다.'),
    ],
  },
  {
    name: '송파구', keys: ['송파', '잠실', '석촌', '문정', '가락', '방이동', '위례'], area: 'RESIDENTIAL',
    trends: [
      t('잠실·석촌호수 나들이', 0.8, '롯데월드몰과 석촌호수를 찾는 가족·연인 방문객이 주말마다 몰립니다.'),
      t('대단지 아파트 가족 수요', 0.74, '잠실 일대 대단지 아파트의 가족 단위 고객이 핵심 고객층입니다.'),
    ],
  },
  {
    name: '영등포구', keys: ['영등포', '여의도', '문래', '당산'], area: 'OFFICE',
    trends: [
      t('여의도 금융가 직장인', 0.84, '여의도 금융·방송가 직장인의 평일 점심과 저녁 모임 수요가 큽니다.'),
      t('더현대 서울·문래 방문객', 0.68, '여의도 더현대 서울과 문래 창작촌이 주말 방문객을 끌어들입니다.'),
    ],
  },
  {
    name: '관악구', keys: ['관악', '서울대', '샤로수길', '신림', '봉천'], area: 'CAMPUS',
    trends: [
      t('샤로수길 맛집 골목', 0.8, '서울대입구역 샤로수길은 개성 있는 작은 가게가 모인 골목 상권입니다.'),
      t('1인 가구 밀집', 0.76, '신림·봉천 일대는 서울에서 1인 가구 비율이 가장 높은 지역 중 하나입니다.'),
    ],
  },
  {
    name: '용산구', keys: ['용산', '이태원', '한남', '용리단길', '삼각지', '해방촌'], area: 'TRENDY',
    trends: [
      t('용리단길·한남동 핫플', 0.82, '용리단길과 한남동은 새로운 가게가 빠르게 화제가 되는 상권입니다.'),
      t('이태원 외국인 고객', 0.66, '이태원 일대는 외국인 거주자와 관광객 비중이 높습니다.'),
    ],
  },
  {
    name: '광진구', keys: ['광진', '건대', '건국대', '구의', '자양'], area: 'CAMPUS',
    trends: [
      t('건대입구 대학가', 0.82, '건대입구역 일대는 대학생과 20대가 몰리는 서울 동부의 대표 번화가입니다.'),
      t('자양·구의동 주거 수요', 0.6, '자양·구의동 주거지의 가족 단위 고객이 꾸준합니다.'),
    ],
  },
  {
    name: '서대문구', keys: ['서대문', '신촌', '이대', '연희'], area: 'CAMPUS',
    trends: [
      t('신촌·이대 대학가', 0.82, '신촌과 이대 앞은 대학생 중심의 가성비 소비가 활발한 상권입니다.'),
      t('연희동 로컬 맛집', 0.66, '연희동의 작은 로컬 가게들이 입소문으로 방문객을 모읍니다.'),
    ],
  },
  {
    name: '부산', keys: ['부산', '해운대', '광안', '서면', '남포', '기장'], area: 'TOURIST',
    trends: [
      t('해운대·광안리 관광 수요', 0.86, '해운대와 광안리는 사계절 관광객이 찾는 부산의 대표 관광지입니다.'),
      t('서면 번화가', 0.72, '서면은 부산 최대의 번화가로 20~30대 유동인구가 많습니다.'),
    ],
  },
  {
    name: '대구', keys: ['대구', '동성로', '수성구'], area: 'CITY',
    trends: [
      t('동성로 상권', 0.78, '대구 최대 번화가인 동성로는 젊은 층의 약속 장소로 유동인구가 많습니다.'),
      t('수성구 학군·가족 수요', 0.66, '수성구 일대는 학군 수요가 많아 가족 단위 고객의 구매력이 높습니다.'),
    ],
  },
  {
    name: '인천', keys: ['인천', '송도', '부평', '청라', '월미도'], area: 'CITY',
    trends: [
      t('송도·청라 신도시 가족 수요', 0.76, '송도와 청라 신도시는 젊은 가족 단위 고객이 많은 지역입니다.'),
      t('차이나타운·월미도 관광', 0.62, '차이나타운과 월미도를 찾는 관광객이 주말 수요를 만듭니다.'),
    ],
  },
  {
    name: '대전', keys: ['대전', '둔산', '유성'], area: 'CITY',
    trends: [
      t('빵의 도시 대전', 0.8, '성심당으로 유명해진 "빵의 도시" 이미지 덕분에 빵·디저트를 찾는 방문객이 많습니다.'),
      t('둔산·대덕연구단지 직장인', 0.66, '둔산동 관공서와 대덕연구단지 직장인의 평일 수요가 꾸준합니다.'),
    ],
  },
  {
    name: '광주', keys: ['광주', '충장로', '동명동', '상무지구'], exclude: ['경기'], area: 'CITY',
    trends: [
      t('동명동 카페 거리', 0.76, '동명동은 감성 카페와 맛집이 모인 광주의 대표 핫플레이스입니다.'),
      t('충장로 상권', 0.68, '충장로·금남로 일대는 광주 도심의 전통 번화가입니다.'),
    ],
  },
  {
    name: '제주', keys: ['제주', '서귀포', '애월', '한림', '중문'], area: 'TOURIST',
    trends: [
      t('제주 여행객·한달살이', 0.88, '연간 천만 명 이상이 찾는 제주에서는 여행객과 한달살이 체류객이 주요 고객입니다.'),
      t('로컬 식재료(감귤·흑돼지)', 0.72, '감귤·흑돼지·한라봉처럼 제주다운 재료를 쓴 상품이 여행객의 선택을 받습니다.'),
    ],
  },
];

/** When no known region matches, the last word's ending says what kind of place it is. */
export const REGION_SUFFIX_AREAS: readonly { readonly suffix: string; readonly area: AreaType }[] = [
  { suffix: '구', area: 'RESIDENTIAL' },
  { suffix: '동', area: 'RESIDENTIAL' },
  { suffix: '시', area: 'CITY' },
  { suffix: '군', area: 'RURAL' },
  { suffix: '읍', area: 'RURAL' },
  { suffix: '면', area: 'RURAL' },
  { suffix: '리', area: 'RURAL' },
];

// ------------------------------------------------------------------- seasons

export type SeasonId = Season | 'NEUTRAL';

export interface SeasonProfile {
  readonly id: SeasonId;
  /** Lower-case substrings that map a free-text season onto this one. */
  readonly aliases: readonly string[];
  /** Title prefix, e.g. "겨울 한정". */
  readonly hook: string;
  readonly trends: readonly TrendSeed[];
}

export const SEASON_PROFILES: readonly SeasonProfile[] = [
  {
    id: '봄', aliases: ['봄', 'spring', '벚꽃', '3월', '4월', '5월', '신학기', '가정의 달'], hook: '봄맞이',
    trends: [
      t('벚꽃·봄나들이', 0.86, '3~4월 벚꽃 개화 시기에는 나들이 인구가 늘어 {region} 일대 유동인구가 증가합니다.'),
      t('가정의 달(어린이날·어버이날)', 0.84, '5월 가정의 달에는 가족 외식과 선물 수요가 크게 늘어납니다.'),
      t('신학기·새 출발', 0.7, '3월 신학기와 새 출발 분위기로 새로운 가게와 서비스를 시도하는 고객이 많습니다.'),
      t('화이트데이', 0.58, '3월 14일 화이트데이 전후로 선물과 데이트 수요가 생깁니다.'),
      t('미세먼지 실내 수요', 0.52, '미세먼지가 심한 날에는 실내 활동과 배달·포장 수요가 늘어납니다.'),
    ],
  },
  {
    id: '여름', aliases: ['여름', 'summer', '장마', '휴가', '바캉스', '6월', '7월', '8월', '복날', '무더위'], hook: '여름 한정',
    trends: [
      t('무더위 시원한 메뉴·공간', 0.8, '폭염일이 늘며 시원한 메뉴와 쾌적한 실내 공간을 찾는 수요가 많습니다.'),
      t('복날(초복·중복·말복)', 0.78, '7~8월 복날에는 보양식과 몸보신 키워드가 큰 관심을 받습니다.'),
      t('여름휴가·방학', 0.74, '7월 말~8월 초 휴가철과 방학으로 생활 패턴이 바뀌고 유동인구가 이동합니다.'),
      t('장마철 실내·배달 수요', 0.72, '6월 말~7월 장마 기간에는 외출이 줄어 배달·포장과 실내 이용 혜택이 효과적입니다.'),
      t('야간 활동 증가', 0.6, '더위를 피한 저녁·야간 외출이 늘어 늦은 시간대 혜택이 잘 통합니다.'),
    ],
  },
  {
    id: '가을', aliases: ['가을', 'autumn', 'fall', '추석', '단풍', '9월', '10월', '11월', '수능', '핼러윈'], hook: '가을 시즌',
    trends: [
      t('추석 명절', 0.8, '추석 연휴 전후로 선물 수요와 연휴 뒤 일상 복귀 수요가 함께 생깁니다.'),
      t('단풍·가을 나들이', 0.74, '10~11월 단풍철 나들이로 {region} 주변 주말 유동인구가 늘어납니다.'),
      t('수능·입시 시즌', 0.66, '11월 수능 전후로 수험생 응원과 수험표 할인 이벤트가 주목받습니다.'),
      t('핼러윈', 0.58, '10월 말 핼러윈에는 20~30대를 중심으로 테마 이벤트 참여가 활발합니다.'),
      t('빼빼로데이', 0.54, '11월 11일 빼빼로데이 전후로 가벼운 선물 수요가 생깁니다.'),
    ],
  },
  {
    id: '겨울', aliases: ['겨울', 'winter', '크리스마스', '성탄', '연말', '설날', '구정', '12월', '1월', '2월', '새해'], hook: '겨울 한정',
    trends: [
      t('크리스마스', 0.86, '12월 크리스마스 시즌에는 데이트·모임·선물 수요가 일 년 중 가장 높습니다.'),
      t('연말 송년 모임', 0.8, '12월 송년회와 모임으로 단체 예약과 선물 수요가 함께 늘어납니다.'),
      t('한파 따뜻한 실내 수요', 0.72, '추운 날씨로 따뜻한 메뉴와 실내 공간, 배달 수요가 증가합니다.'),
      t('설날 명절', 0.7, '1~2월 설날 전후로 선물 세트와 가족 모임 수요가 생깁니다.'),
      t('새해 결심', 0.66, '새해를 맞아 건강·자기계발 등 새로운 시작을 계획하는 고객이 많습니다.'),
    ],
  },
  {
    id: 'NEUTRAL', aliases: [], hook: '시즌 한정',
    trends: [
      t('기간 한정 혜택', 0.7, '기간을 정한 한정 혜택은 계절과 관계없이 방문을 앞당기는 효과가 있습니다.'),
      t('주말·공휴일 나들이', 0.64, '주말과 공휴일에는 {region} 주변 나들이 수요로 방문객이 늘어납니다.'),
      t('기념일 마케팅', 0.6, '생일·기념일 쿠폰은 시기와 관계없이 재방문을 이끄는 꾸준한 장치입니다.'),
      t('월급날 전후 소비', 0.56, '월급날(25일 전후)과 월초에는 소비 여력이 커져 혜택 반응이 좋습니다.'),
    ],
  },
];

// ---------------------------------------------------------------- objectives

export type ObjectiveId = 'NEW_CUSTOMERS' | 'REVISIT' | 'SALES' | 'AWARENESS' | 'BALANCED';

export interface ObjectiveProfile {
  readonly id: ObjectiveId;
  readonly label: string;
  /** Lower-case substrings; the objective with the most matches wins (ties: table order). */
  readonly keywords: readonly string[];
  /** Preferred mechanics, best first. */
  readonly mechanics: readonly MechanicsType[];
  readonly channels: readonly string[];
  /** Title word, e.g. "첫 방문 쿠폰 이벤트". */
  readonly hook: string;
  /** Ends the concept: "…로 첫 방문 유도". */
  readonly goal: string;
  /** Multipliers of the metric model: new customers and revenue per new customer. */
  readonly metrics: { readonly newCustomers: number; readonly revenue: number };
}

export const OBJECTIVES: readonly ObjectiveProfile[] = [
  {
    id: 'NEW_CUSTOMERS', label: '신규 고객 유치',
    keywords: ['신규', '새로운', '새 고객', '새 손님', '첫 방문', '첫방문', '유치', '유입', '오픈', '개업', '모객', '손님 늘', '고객 늘', '손님을 늘', '고객을 늘', 'new', 'acquisition'],
    mechanics: ['COUPON', 'SNS_EVENT', 'EXPERIENCE', 'DISCOUNT', 'REVIEW_EVENT', 'GIFT', 'LOTTERY', 'STAMP'],
    channels: ['네이버 플레이스', '인스타그램', '당근마켓', '블로그 체험단', '전단지'],
    hook: '첫 방문', goal: '첫 방문 유도',
    metrics: { newCustomers: 1.3, revenue: 1 },
  },
  {
    id: 'REVISIT', label: '재방문 유도',
    keywords: ['재방문', '단골', '충성', '리텐션', '다시', '재구매', '재등록', '멤버십', '고객 유지', '이탈', 'retention', 'loyal', 'repeat'],
    mechanics: ['STAMP', 'COUPON', 'GIFT', 'LOTTERY', 'EXPERIENCE', 'DISCOUNT', 'REVIEW_EVENT', 'SNS_EVENT'],
    channels: ['카카오톡 채널', '매장 POP', '네이버 플레이스', '인스타그램'],
    hook: '단골 감사', goal: '재방문 습관 만들기',
    metrics: { newCustomers: 0.5, revenue: 1.8 },
  },
  {
    id: 'SALES', label: '매출 증대',
    keywords: ['매출', '객단가', '판매', '수익', '비수기', '세트', '업셀', 'revenue', 'sales', 'profit'],
    mechanics: ['DISCOUNT', 'GIFT', 'LOTTERY', 'COUPON', 'STAMP', 'EXPERIENCE', 'SNS_EVENT', 'REVIEW_EVENT'],
    channels: ['카카오톡 채널', '매장 POP', '네이버 플레이스', '인스타그램'],
    hook: '더블 혜택', goal: '객단가와 매출 끌어올리기',
    metrics: { newCustomers: 0.8, revenue: 1.5 },
  },
  {
    id: 'AWARENESS', label: '인지도 향상',
    keywords: ['인지도', '홍보', '알리', '알림', '브랜드', '브랜딩', '노출', '바이럴', '입소문', 'sns', 'awareness', 'marketing', 'brand'],
    mechanics: ['SNS_EVENT', 'REVIEW_EVENT', 'EXPERIENCE', 'LOTTERY', 'GIFT', 'COUPON', 'DISCOUNT', 'STAMP'],
    channels: ['인스타그램', '블로그 체험단', '네이버 플레이스', '당근마켓'],
    hook: '우리 가게 알리기', goal: '우리 가게 알리기',
    metrics: { newCustomers: 1.1, revenue: 0.8 },
  },
  {
    id: 'BALANCED', label: '종합 활성화',
    keywords: [],
    mechanics: ['COUPON', 'STAMP', 'SNS_EVENT', 'DISCOUNT', 'GIFT', 'REVIEW_EVENT', 'LOTTERY', 'EXPERIENCE'],
    channels: ['네이버 플레이스', '인스타그램', '카카오톡 채널', '매장 POP'],
    hook: '고객 감사', goal: '방문과 매출 함께 늘리기',
    metrics: { newCustomers: 1, revenue: 1.1 },
  },
];

// ----------------------------------------------------------------- mechanics

export interface MechanicProfile {
  readonly label: string;
  /** 1 = cheap to run … 4 = costly; cheaper mechanics go to the lower-budget options. */
  readonly costRank: number;
  /** Breakdown item for the benefit itself. */
  readonly costItem: string;
  /** Recommended days for the low, medium and high option. */
  readonly days: readonly [number, number, number];
  /** The channel the mechanic cannot run without. */
  readonly channel: string;
  /** Why this mechanic beats a plain price cut (a clause ending in "…고"). */
  readonly edge: string;
  /** Title alternatives: {hook} objective word, {gift}, {smallReward}, {experience}, {tag}. */
  readonly titles: readonly string[];
}

export const MECHANICS: Readonly<Record<MechanicsType, MechanicProfile>> = {
  STAMP: {
    label: '스탬프 적립', costRank: 1, costItem: '스탬프 카드·적립 보상', days: [30, 45, 60], channel: '카카오톡 채널',
    edge: '적립 과정 자체가 재방문 습관을 만들고',
    titles: ['{hook} 스탬프 적립 이벤트', '{hook} 스탬프 챌린지'],
  },
  REVIEW_EVENT: {
    label: '리뷰 이벤트', costRank: 1, costItem: '리뷰 참여 보상', days: [14, 21, 30], channel: '네이버 플레이스',
    edge: '쌓인 리뷰가 이벤트 후에도 검색 노출과 신뢰를 높여 주고',
    titles: ['{hook} 리뷰 이벤트', '리뷰 남기고 {smallReward} 받기'],
  },
  COUPON: {
    label: '쿠폰', costRank: 2, costItem: '쿠폰 할인 비용', days: [14, 21, 30], channel: '카카오톡 채널',
    edge: '쿠폰 회수율로 효과를 바로 측정할 수 있고',
    titles: ['{hook} 쿠폰 이벤트', '{hook} 쿠폰 팩'],
  },
  SNS_EVENT: {
    label: 'SNS 인증 이벤트', costRank: 2, costItem: 'SNS 참여 보상', days: [14, 21, 30], channel: '인스타그램',
    edge: '고객이 직접 만든 게시물이 광고보다 믿음직한 홍보가 되고',
    titles: ['{hook} 인스타 인증 이벤트', '#{tag} 해시태그 챌린지'],
  },
  DISCOUNT: {
    label: '할인', costRank: 3, costItem: '할인 제공 비용', days: [7, 14, 21], channel: '매장 POP',
    edge: '한산한 시간대에만 적용해 기존 매출을 깎지 않고',
    titles: ['{hook} 타임 할인', '{hook} 특가 위크'],
  },
  GIFT: {
    label: '증정 이벤트', costRank: 3, costItem: '증정품 구입', days: [7, 14, 21], channel: '매장 POP',
    edge: '가격을 내리지 않고도 체감 혜택을 주어 가게의 가치를 지키고',
    titles: ['{hook} {gift} 증정 이벤트', '{hook} 웰컴 기프트'],
  },
  LOTTERY: {
    label: '경품 추첨', costRank: 4, costItem: '경품 구입', days: [14, 21, 28], channel: '매장 POP',
    edge: '당첨 기대감이 방문과 구매를 자연스럽게 늘리고',
    titles: ['{hook} 행운 추첨 이벤트', '{hook} 럭키 드로우'],
  },
  EXPERIENCE: {
    label: '체험 이벤트', costRank: 4, costItem: '체험 재료·운영비', days: [4, 6, 8], channel: '블로그 체험단',
    edge: '직접 체험한 고객의 만족이 입소문으로 이어지고',
    titles: ['{experience}', '{hook} {experience}'],
  },
};

/** Breakdown item for promoting through a channel. */
export const CHANNEL_COST_ITEMS: Readonly<Record<string, string>> = {
  인스타그램: '인스타그램 스폰서 광고',
  '네이버 플레이스': '네이버 플레이스 광고',
  '카카오톡 채널': '카카오톡 채널 메시지 발송',
  당근마켓: '당근마켓 지역 광고',
  '매장 POP': '매장 POP·배너 제작',
  배달앱: '배달앱 할인·광고',
  '블로그 체험단': '블로그 체험단 운영',
  전단지: '전단지 인쇄·배포',
  '네이버 예약': '네이버 예약 프로모션',
  맘카페: '지역 맘카페 홍보',
};

/** Store size words → multiplier of the typical monthly revenue. */
export const STORE_SIZE_FACTORS: readonly { readonly words: readonly string[]; readonly factor: number }[] = [
  { words: ['소형', '작은', '1인', 'small', 's'], factor: 0.6 },
  { words: ['대형', '큰', 'large', 'l', '프랜차이즈'], factor: 1.8 },
  { words: ['중형', '중간', 'medium', 'm'], factor: 1 },
];
