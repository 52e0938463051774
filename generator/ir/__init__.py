"""The intermediate model: what a client package is, independent of OpenAPI and of Python text.

The builder (:mod:`generator.builder`) makes these from a validated document; the renderer
(:mod:`generator.render`) lays them out. The IR carries facts (a schema is ``deprecated``, an
operation names ``undefined_security`` schemes, a model's ``base``); how they read as Python and as
prose - annotations, signatures, docstrings - is rendering's. One module a topic: :mod:`.types`,
:mod:`.models`, :mod:`.operations`, :mod:`.waiters`, :mod:`.api`; :mod:`.registry` holds the
definitions while they are built and :mod:`.hierarchy` walks what each model extends. Import them
all as ``from generator import ir``.
"""

from .api import (
    Api as Api,
)
from .api import (
    SchemeKind as SchemeKind,
)
from .api import (
    SecurityScheme as SecurityScheme,
)
from .api import (
    Server as Server,
)
from .api import (
    ServerVariable as ServerVariable,
)
from .bodies import (
    BodyArgument as BodyArgument,
)
from .bodies import (
    KeywordBody as KeywordBody,
)
from .groups import (
    Group as Group,
)
from .groups import (
    GroupMethod as GroupMethod,
)
from .hierarchy import (
    Hierarchy as Hierarchy,
)
from .models import (
    NO_DEFAULT as NO_DEFAULT,
)
from .models import (
    Alias as Alias,
)
from .models import (
    Definition as Definition,
)
from .models import (
    Enum as Enum,
)
from .models import (
    EnumMember as EnumMember,
)
from .models import (
    Field as Field,
)
from .models import (
    Model as Model,
)
from .models import (
    _eager_dependencies as _eager_dependencies,
)
from .models import (
    _NoDefault as _NoDefault,
)
from .models import (
    dependency_order as dependency_order,
)
from .models import (
    forward_references as forward_references,
)
from .operations import (
    BodyKind as BodyKind,
)
from .operations import (
    Operation as Operation,
)
from .operations import (
    Parameter as Parameter,
)
from .operations import (
    ParameterLocation as ParameterLocation,
)
from .operations import (
    RequestBody as RequestBody,
)
from .operations import (
    Response as Response,
)
from .operations import (
    ResponseKind as ResponseKind,
)
from .pagination import (
    Paging as Paging,
)
from .registry import (
    Definitions as Definitions,
)
from .streams import (
    STREAM_MEDIA as STREAM_MEDIA,
)
from .streams import (
    StreamFormat as StreamFormat,
)
from .streams import (
    StreamResult as StreamResult,
)
from .streams import (
    stream_format as stream_format,
)
from .types import (
    _FITS as _FITS,
)
from .types import (
    ANY as ANY,
)
from .types import (
    NONE as NONE,
)
from .types import (
    AliasType as AliasType,
)
from .types import (
    Constraints as Constraints,
)
from .types import (
    Discriminator as Discriminator,
)
from .types import (
    EnumType as EnumType,
)
from .types import (
    JsonValue as JsonValue,
)
from .types import (
    ListType as ListType,
)
from .types import (
    LiteralType as LiteralType,
)
from .types import (
    MapType as MapType,
)
from .types import (
    ModelType as ModelType,
)
from .types import (
    NullableType as NullableType,
)
from .types import (
    Scalar as Scalar,
)
from .types import (
    ScalarType as ScalarType,
)
from .types import (
    TupleShape as TupleShape,
)
from .types import (
    TupleType as TupleType,
)
from .types import (
    TypeRef as TypeRef,
)
from .types import (
    UnionType as UnionType,
)
from .types import (
    _fits_scalar as _fits_scalar,
)
from .types import (
    fits as fits,
)
from .types import (
    mentions as mentions,
)
from .types import (
    nullable as nullable,
)
from .types import (
    referenced_names as referenced_names,
)
from .types import (
    strip_null as strip_null,
)
from .waiters import (
    Condition as Condition,
)
from .waiters import (
    Criterion as Criterion,
)
from .waiters import (
    Waiter as Waiter,
)
